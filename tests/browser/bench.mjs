// The browser benchmark (not a test: `cargo xtask bench` runs it against the built dist/).
//
// - bundle_gzip_bytes: the wasm and JS of dist/, gzipped (level 9) one file at a time;
//   bundle_core_gzip_bytes and bundle_yew_floor_gzip_bytes: the same for $BENCH_CORE_DIST (the
//   core alone) and $BENCH_YEW_FLOOR_DIST (the smallest Yew app), each built as the page is
//   (xtask's `page_built`), when given.
// - first_render_ms: navigation start → the first animation frame after the diagram is in the
//   DOM (median of three cold loads, each in a fresh browser context).
// - For 100, 500 and 2000 tokens in flight, and for 180 and 600 (where the UI brief sets its
//   main-thread bars) (a share-link scenario: one producer sending a record every `every_ms`,
//   each hop `link_ms` long, so about link_ms / every_ms tokens fly at once):
//   fps and the 95th percentile frame time from requestAnimationFrame timestamps collected in
//   the page, and main-thread time per frame from the DevTools protocol's
//   Performance.getMetrics (TaskDuration, ScriptDuration, LayoutDuration, RecalcStyleDuration
//   deltas divided by frames); each count is measured BENCH_ROUNDS times (3) and the run with
//   the median main-thread time is reported.
//
// Writes one JSON object to $BENCH_OUT (and stdout).
import { launch, BASE_URL } from './harness.mjs';
import { bundle, firstRender, medianFrames } from './perf.mjs';
import { writeFileSync } from 'node:fs';

const DIST = process.env.BROKERLAB_DIST;
const OUT = process.env.BENCH_OUT;
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS || 4000);
// Runs per token count; the figures of the run with the median main-thread time are kept (one
// run moves by up to a quarter from the next on this machine).
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);

const out = {};
const sizes = bundle(DIST);
out.bundle_wasm_gzip_bytes = sizes.wasm;
out.bundle_js_gzip_bytes = sizes.js;
out.bundle_gzip_bytes = sizes.wasm + sizes.js;
for (const [key, dir] of [['bundle_core_gzip_bytes', process.env.BENCH_CORE_DIST], ['bundle_yew_floor_gzip_bytes', process.env.BENCH_YEW_FLOOR_DIST]]) {
  if (!dir) continue;
  const stick = bundle(dir);
  out[key] = stick.wasm + stick.js;
}

const browser = await launch();
try {
  out.first_render_ms = await firstRender(browser);
  for (const [tokens, linkMs, everyMs] of [[100, 1000, 10], [180, 900, 5], [500, 1000, 2], [600, 600, 1], [2000, 2000, 1]]) {
    Object.assign(out, await medianFrames(browser, tokens, linkMs, everyMs, { measureMs: MEASURE_MS, rounds: ROUNDS }));
  }
} finally {
  await browser.close();
}
const text = JSON.stringify(out, null, 2);
if (OUT) writeFileSync(OUT, text + '\n');
console.log(text);
