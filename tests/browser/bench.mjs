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
import { frames, pageProbe } from './perf.mjs';
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

const out = {};
const sizes = bundle();
out.bundle_wasm_gzip_bytes = sizes.wasm;
out.bundle_js_gzip_bytes = sizes.js;
out.bundle_gzip_bytes = sizes.wasm + sizes.js;

const browser = await launch();
try {
  out.first_render_ms = await firstRender(browser);
  for (const [tokens, linkMs, everyMs] of [[100, 1000, 10], [500, 1000, 2], [2000, 2000, 1]]) {
    Object.assign(out, await frames(browser, tokens, linkMs, everyMs, { measureMs: MEASURE_MS }));
  }
} finally {
  await browser.close();
}
const text = JSON.stringify(out, null, 2);
if (OUT) writeFileSync(OUT, text + '\n');
console.log(text);
