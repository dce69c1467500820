// The browser benchmark (not a test: `cargo xtask bench` runs it against the built dist/).
//
// - bundle_gzip_bytes: the wasm and JS of dist/, gzipped (level 9) one file at a time.
// - first_render_ms: navigation start → the first animation frame after the diagram is in the
//   DOM (median of three cold loads, each in a fresh browser context).
// - For 100, 500 and 2000 tokens in flight (a share-link scenario: one producer sending a record
//   every `every_ms`, each hop `link_ms` long, so about link_ms / every_ms tokens fly at once):
//   fps and the 95th percentile frame time from requestAnimationFrame timestamps collected in
//   the page, and main-thread time per frame from the DevTools protocol's
//   Performance.getMetrics (TaskDuration, ScriptDuration, LayoutDuration, RecalcStyleDuration
//   deltas divided by frames).
//
// Writes one JSON object to $BENCH_OUT (and stdout).
import { launch, BASE_URL } from './harness.mjs';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';

const DIST = process.env.BROKERLAB_DIST;
const OUT = process.env.BENCH_OUT;
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS || 4000);

function bundle() {
  const sizes = { wasm: 0, js: 0 };
  for (const name of readdirSync(DIST)) {
    const kind = name.endsWith('.wasm') ? 'wasm' : name.endsWith('.js') ? 'js' : null;
    if (kind) sizes[kind] += gzipSync(readFileSync(path.join(DIST, name)), { level: 9 }).length;
  }
  return sizes;
}

// Runs in the page before its own scripts: notes when the diagram first appears and the first
// frame after it, and keeps a frame-timestamp recorder ready.
function pageProbe() {
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

function shareFragment(scenario) {
  return '#v1.' + Buffer.from(JSON.stringify(scenario), 'utf8').toString('base64url');
}

function floodScenario(linkMs, everyMs) {
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

async function firstRender(browser) {
  const times = [];
  for (let i = 0; i < 3; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(pageProbe);
    const page = await context.newPage();
    await page.goto(BASE_URL);
    await page.waitForFunction(() => window.__bench.firstFrame !== null, null, { timeout: 30_000 });
    times.push(await page.evaluate(() => window.__bench.firstFrame));
    await context.close();
  }
  times.sort((a, b) => a - b);
  return times[1];
}

async function frames(browser, tokens, linkMs, everyMs) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(pageProbe);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(new URL(shareFragment(floodScenario(linkMs, everyMs)), BASE_URL).href);
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
    await page.waitForTimeout(MEASURE_MS / samples);
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
  const spanMs = ts.length > 1 ? ts[ts.length - 1] - ts[0] : MEASURE_MS;
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

const out = {};
const sizes = bundle();
out.bundle_wasm_gzip_bytes = sizes.wasm;
out.bundle_js_gzip_bytes = sizes.js;
out.bundle_gzip_bytes = sizes.wasm + sizes.js;

const browser = await launch();
try {
  out.first_render_ms = await firstRender(browser);
  for (const [tokens, linkMs, everyMs] of [[100, 1000, 10], [500, 1000, 2], [2000, 2000, 1]]) {
    Object.assign(out, await frames(browser, tokens, linkMs, everyMs));
  }
} finally {
  await browser.close();
}
const text = JSON.stringify(out, null, 2);
if (OUT) writeFileSync(OUT, text + '\n');
console.log(text);
