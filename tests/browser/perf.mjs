// Measuring the page (its bundle, its first render, its frames), shared by the benchmark
// (`bench.mjs`) and the A/B comparison of builds (`ab.mjs`); `bench.test.mjs` runs each once at
// a tiny size so they cannot rot. Nothing here asserts a time.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { BASE_URL, fragmentFor } from './harness.mjs';

/// The gzipped (level 9, one file at a time) sizes of the wasm and the JS in a built dist/.
export function bundle(dist) {
  const sizes = { wasm: 0, js: 0 };
  for (const name of readdirSync(dist)) {
    const kind = name.endsWith('.wasm') ? 'wasm' : name.endsWith('.js') ? 'js' : null;
    if (kind) sizes[kind] += gzipSync(readFileSync(path.join(dist, name)), { level: 9 }).length;
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
  window.__bench = { firstDiagram: null, firstFrame: null, frames: [], recording: false };
  const seen = () => {
    if (window.__bench.firstDiagram !== null) return;
    if (!document.querySelector('svg.diagram')) return;
    window.__bench.firstDiagram = performance.now();
    requestAnimationFrame((ts) => { window.__bench.firstFrame = ts; });
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
  const tick = (ts) => {
    if (window.__bench.recording) window.__bench.frames.push(ts);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
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

/// Loads a flood share link on `baseUrl` and measures `measureMs` of its frames: fps, the 95th
/// percentile frame, and main-thread time per frame (DevTools protocol metrics).
export async function frames(browser, tokens, linkMs, everyMs, { baseUrl = BASE_URL, measureMs = 4000 } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(pageProbe);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(new URL(fragmentFor(floodScenario(linkMs, everyMs)), baseUrl).href);
  await page.waitForSelector('svg.diagram');
  // Fill the pipe: the first tokens arrive after one hop.
  await page.waitForTimeout(linkMs + 1500);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const before = await cdp.send('Performance.getMetrics');
  await page.evaluate(() => { window.__bench.frames = []; window.__bench.recording = true; });
  const seen = [];
  const samples = 4;
  for (let i = 0; i < samples; i++) {
    await page.waitForTimeout(measureMs / samples);
    // The token canvas reports how many tokens it drew in its last frame.
    seen.push(await page.evaluate(() => Number(document.querySelector('canvas.token-canvas')?.dataset.tokens ?? 0)));
  }
  const ts = await page.evaluate(() => { window.__bench.recording = false; return window.__bench.frames; });
  const after = await cdp.send('Performance.getMetrics');
  await context.close();
  if (errors.length) throw new Error(`page errors with ${tokens} tokens: ${errors.join('; ')}`);
  const deltas = [];
  for (let i = 1; i < ts.length; i++) deltas.push(ts[i] - ts[i - 1]);
  deltas.sort((a, b) => a - b);
  const n = Math.max(1, ts.length - 1);
  const spanMs = ts.length > 1 ? ts[ts.length - 1] - ts[0] : measureMs;
  const per = (name) => ((metric(after, name) - metric(before, name)) * 1000) / n;
  return {
    [`fps_${tokens}_tokens`]: (n * 1000) / spanMs,
    [`frame_ms_p95_${tokens}_tokens`]: percentile(deltas, 0.95),
    [`main_thread_ms_per_frame_${tokens}_tokens`]: per('TaskDuration'),
    [`script_ms_per_frame_${tokens}_tokens`]: per('ScriptDuration'),
    [`layout_ms_per_frame_${tokens}_tokens`]: per('LayoutDuration'),
    [`style_ms_per_frame_${tokens}_tokens`]: per('RecalcStyleDuration'),
    [`tokens_seen_${tokens}_tokens`]: seen.reduce((a, b) => a + b, 0) / seen.length,
  };
}

/// [`frames`] `rounds` times; the figures of the run with the median main-thread time.
export async function medianFrames(browser, tokens, linkMs, everyMs, { rounds = 3, ...options } = {}) {
  const runs = [];
  for (let i = 0; i < rounds; i++) runs.push(await frames(browser, tokens, linkMs, everyMs, options));
  return medianRun(runs, `main_thread_ms_per_frame_${tokens}_tokens`);
}

/// The run whose `key` is the median (the upper one of an even count).
export function medianRun(runs, key) {
  const sorted = [...runs].sort((a, b) => a[key] - b[key]);
  return sorted[Math.floor(sorted.length / 2)];
}
