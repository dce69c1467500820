// Measuring the page (its bundle, its first render, its frames), shared by the benchmark
// (`bench.mjs`) and the A/B comparison of builds (`ab.mjs`); `bench.test.mjs` runs each once at
// a tiny size so they cannot rot. Nothing here asserts a time.
import { readdirSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import path from 'node:path';
import { BASE_URL, BUSY, fragmentFor } from './harness.mjs';

/// The gzipped (level 9, one file at a time) sizes of the wasm and the JS in a built dist/, and
/// of both with Brotli (quality 11, as static hosts precompress): `brotli`.
export function bundle(dist) {
  const sizes = { wasm: 0, js: 0, brotli: 0 };
  for (const name of readdirSync(dist)) {
    const kind = name.endsWith('.wasm') ? 'wasm' : name.endsWith('.js') ? 'js' : null;
    if (!kind) continue;
    const bytes = readFileSync(path.join(dist, name));
    sizes[kind] += gzipSync(bytes, { level: 9 }).length;
    sizes.brotli += brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return sizes;
}

/// Navigation start to the first animation frame after the diagram is in the DOM: the median of
/// `loads` cold loads, each in a fresh browser context.
export async function firstRender(browser, { baseUrl = BASE_URL, loads = 3 } = {}) {
  const times = [];
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(pageProbe);
    const page = await context.newPage();
    await page.goto(baseUrl);
    await page.waitForFunction(() => window.__bench.firstFrame !== null, null, { timeout: 30_000 });
    times.push(await page.evaluate(() => window.__bench.firstFrame));
    await context.close();
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

// Runs in the page before its own scripts: notes when the diagram first appears and the first
// frame after it, and keeps a frame-timestamp recorder ready.
export function pageProbe() {
  window.__bench = { firstDiagram: null, firstFrame: null, frames: [], recording: false, pageFrames: 0 };
  // The page's own animation-frame callbacks, counted while recording (the probe keeps the
  // original for itself): a paused page should run none.
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) => raf((ts) => {
    if (window.__bench.recording) window.__bench.pageFrames += 1;
    callback(ts);
  });
  const seen = () => {
    if (window.__bench.firstDiagram !== null) return;
    if (!document.querySelector('svg.diagram')) return;
    window.__bench.firstDiagram = performance.now();
    raf((ts) => { window.__bench.firstFrame = ts; });
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
  const tick = (ts) => {
    if (window.__bench.recording) window.__bench.frames.push(ts);
    raf(tick);
  };
  raf(tick);
}

/// One producer sending a keyed record every `everyMs` over hops `linkMs` long: about
/// linkMs / everyMs tokens in flight at once.
export function floodScenario(linkMs, everyMs) {
  return {
    version: 1,
    seed: 1,
    link_ms: linkMs,
    event_broker: {
      topics: [{ name: 'orders', partitions: 8 }],
      producers: [{
        name: 'shop', topic: 'orders', every_ms: everyMs,
        keys: ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'],
      }],
    },
  };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

const metric = (m, name) => m.metrics.find((x) => x.name === name)?.value ?? 0;

/// Loads a flood share link on `baseUrl` and measures `measureMs` of its frames (see
/// [`measure`]); the figures are keyed `<name>_<tokens>_tokens`.
export async function frames(browser, tokens, linkMs, everyMs, { baseUrl = BASE_URL, measureMs = 4000 } = {}) {
  const url = new URL(fragmentFor(floodScenario(linkMs, everyMs)), baseUrl).href;
  return measure(browser, url, `${tokens}_tokens`, { measureMs, settleMs: linkMs + 1500 });
}

/// The page's own frame cost at a lesson's pace: the browser tests' busy link (a record every
/// 150 ms over 400 ms hops, a group reading them: about four tokens in flight). Keyed `_lesson`.
export async function lessonFrames(browser, { baseUrl = BASE_URL, measureMs = 4000 } = {}) {
  return measure(browser, new URL(BUSY, baseUrl).href, 'lesson', { measureMs, settleMs: 1900 });
}

/// The floor every page pays on this machine at this moment: an empty document whose only work
/// is the probe's own frame recorder. Every frame figure is also reported divided by it, so the
/// ratios hold across machines and loads. Keyed `_floor`.
export async function floorFrames(browser, { measureMs = 4000 } = {}) {
  return measure(browser, 'data:text/html,<!doctype html><title>floor</title><body></body>', 'floor', { measureMs, settleMs: 500 });
}

/// The busy link, paused: the page should draw nothing and cost the floor. `page_frames_idle`
/// counts the page's own animation-frame callbacks (the probe's are not counted). Keyed `_idle`.
export async function idleFrames(browser, { baseUrl = BASE_URL, measureMs = 4000 } = {}) {
  return measure(browser, new URL(BUSY, baseUrl).href, 'idle', {
    measureMs,
    settleMs: 1000,
    prepare: async (page) => {
      await page.locator('#play').click();
      await page.waitForFunction(() => document.querySelector('#play')?.textContent === 'Play');
      await page.waitForTimeout(500);
    },
  });
}

/// Loads `url`, waits `settleMs` (and runs `prepare`), then measures `measureMs` of frames: fps
/// and the 95th percentile frame time from requestAnimationFrame timestamps collected in the
/// page, main-thread time per frame from the DevTools protocol's Performance.getMetrics
/// (TaskDuration, ScriptDuration, LayoutDuration, RecalcStyleDuration deltas divided by
/// frames), the page's own animation-frame callbacks, and the tokens the token canvas drew.
export async function measure(browser, url, label, { measureMs = 4000, settleMs = 1500, prepare = null } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(pageProbe);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  if (!url.startsWith('data:')) await page.waitForSelector('svg.diagram');
  // Fill the pipe: the first tokens arrive after one hop.
  await page.waitForTimeout(settleMs);
  if (prepare) await prepare(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const before = await cdp.send('Performance.getMetrics');
  await page.evaluate(() => { window.__bench.frames = []; window.__bench.pageFrames = 0; window.__bench.recording = true; });
  const seen = [];
  const samples = 4;
  for (let i = 0; i < samples; i++) {
    await page.waitForTimeout(measureMs / samples);
    // The token canvas reports how many tokens it drew in its last frame.
    seen.push(await page.evaluate(() => Number(document.querySelector('canvas.token-canvas')?.dataset.tokens ?? 0)));
  }
  const { ts, pageFrames } = await page.evaluate(() => {
    window.__bench.recording = false;
    return { ts: window.__bench.frames, pageFrames: window.__bench.pageFrames };
  });
  const after = await cdp.send('Performance.getMetrics');
  await context.close();
  if (errors.length) throw new Error(`page errors (${label}): ${errors.join('; ')}`);
  const deltas = [];
  for (let i = 1; i < ts.length; i++) deltas.push(ts[i] - ts[i - 1]);
  deltas.sort((a, b) => a - b);
  const n = Math.max(1, ts.length - 1);
  const spanMs = ts.length > 1 ? ts[ts.length - 1] - ts[0] : measureMs;
  const per = (name) => ((metric(after, name) - metric(before, name)) * 1000) / n;
  return {
    [`fps_${label}`]: (n * 1000) / spanMs,
    [`frame_ms_p95_${label}`]: percentile(deltas, 0.95),
    [`main_thread_ms_per_frame_${label}`]: per('TaskDuration'),
    [`script_ms_per_frame_${label}`]: per('ScriptDuration'),
    [`layout_ms_per_frame_${label}`]: per('LayoutDuration'),
    [`style_ms_per_frame_${label}`]: per('RecalcStyleDuration'),
    [`page_frames_${label}`]: pageFrames,
    [`tokens_seen_${label}`]: seen.reduce((a, b) => a + b, 0) / seen.length,
  };
}

/// [`frames`] `rounds` times; the figures of the run with the median main-thread time.
export async function medianFrames(browser, tokens, linkMs, everyMs, { rounds = 3, ...options } = {}) {
  return medianOf(rounds, `${tokens}_tokens`, () => frames(browser, tokens, linkMs, everyMs, options));
}

/// Runs `once` `rounds` times; the figures of the run with the median main-thread time.
export async function medianOf(rounds, label, once) {
  const runs = [];
  for (let i = 0; i < rounds; i++) runs.push(await once());
  return medianRun(runs, `main_thread_ms_per_frame_${label}`);
}

/// The run whose `key` is the median (the upper one of an even count).
export function medianRun(runs, key) {
  const sorted = [...runs].sort((a, b) => a[key] - b[key]);
  return sorted[Math.floor(sorted.length / 2)];
}
