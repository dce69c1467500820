// The browser benchmark (not a test: `cargo xtask bench` runs it against the built dist/).
//
// - bundle_gzip_bytes: the wasm and JS of dist/, gzipped (level 9) one file at a time;
//   bundle_core_gzip_bytes and bundle_yew_floor_gzip_bytes: the same for $BENCH_CORE_DIST (the
//   core alone) and $BENCH_YEW_FLOOR_DIST (the smallest Yew app), each built as the page is
//   (xtask's `page_built`), when given.
// - first_render_ms: navigation start → the first animation frame after the diagram is in the
//   DOM (median of three cold loads, each in a fresh browser context).
// - Frames at each load, in rounds (BENCH_ROUNDS, 3): in each round an empty page (the floor),
//   a lesson's pace (the browser tests' busy link, about 4 tokens in flight), the same paused
//   (idle), and share-link floods with about 180, 600 and 2000 tokens in flight (one producer
//   sending a record every `every_ms`, each hop `link_ms` long). Each is measured over
//   BENCH_MEASURE_MS (10 s): fps and the 95th percentile frame time from requestAnimationFrame
//   timestamps collected in the page, main-thread time per frame from the DevTools protocol's
//   Performance.getMetrics (TaskDuration, and its script, layout and style parts), the page's
//   own animation-frame callbacks. Per load the run with the median main-thread time is kept,
//   and `frame_ratio_<load>` divides its main-thread time per frame by the floor's median from
//   the same rounds: the ratios are what carry across machines.
// Writes one JSON object to $BENCH_OUT (and stdout).
import { launch, BASE_URL } from './harness.mjs';
import { bundle, firstRender, floorFrames, frames, idleFrames, lessonFrames, medianRun } from './perf.mjs';
import { writeFileSync } from 'node:fs';

const DIST = process.env.BROKERLAB_DIST;
const OUT = process.env.BENCH_OUT;
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS || 10000);
// Runs per token count; the figures of the run with the median main-thread time are kept (one
// run moves by up to a quarter from the next on this machine).
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);

const out = {};
const sizes = bundle(DIST);
out.bundle_wasm_gzip_bytes = sizes.wasm;
out.bundle_js_gzip_bytes = sizes.js;
out.bundle_gzip_bytes = sizes.wasm + sizes.js;
out.bundle_brotli_bytes = sizes.brotli;
for (const [key, dir] of [['bundle_core_gzip_bytes', process.env.BENCH_CORE_DIST], ['bundle_yew_floor_gzip_bytes', process.env.BENCH_YEW_FLOOR_DIST]]) {
  if (!dir) continue;
  const stick = bundle(dir);
  out[key] = stick.wasm + stick.js;
}

const browser = await launch();
try {
  out.first_render_ms = await firstRender(browser);
  const options = { measureMs: MEASURE_MS };
  const loads = [
    ['floor', () => floorFrames(browser, options)],
    ['lesson', () => lessonFrames(browser, options)],
    ['idle', () => idleFrames(browser, options)],
    ...[[180, 900, 5], [600, 600, 1], [2000, 2000, 1]].map(([tokens, linkMs, everyMs]) =>
      [`${tokens}_tokens`, () => frames(browser, tokens, linkMs, everyMs, options)]),
  ];
  // Round after round over every load, so the machine's drift falls on all of them alike.
  const runs = new Map(loads.map(([label]) => [label, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [label, once] of loads) runs.get(label).push(await once());
  }
  for (const [label] of loads) Object.assign(out, medianRun(runs.get(label), `main_thread_ms_per_frame_${label}`));
  const floor = out.main_thread_ms_per_frame_floor;
  for (const [label] of loads) {
    if (label !== 'floor') out[`frame_ratio_${label}`] = out[`main_thread_ms_per_frame_${label}`] / floor;
  }
} finally {
  await browser.close();
}
const text = JSON.stringify(out, null, 2);
if (OUT) writeFileSync(OUT, text + '\n');
console.log(text);
