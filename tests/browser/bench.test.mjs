// The page benchmark's parts (`perf.mjs`, used by `bench.mjs` and `ab.mjs`), each run once at a
// tiny size so that `cargo xtask bench` cannot rot between runs. No time is asserted: only that
// each measurement runs against the page and reports every figure as a number.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './harness.mjs';
import { bundle, firstRender, floorFrames, frames, idleFrames, lessonFrames, medianRun } from './perf.mjs';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist');
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('bundle sizes the built wasm and JS', () => {
  const sizes = bundle(DIST);
  assert.ok(sizes.wasm > 0, 'dist/ holds the gzipped wasm');
  assert.ok(sizes.js > 0, 'dist/ holds the JS');
});

test('first render is measured from a cold load', async () => {
  const ms = await firstRender(browser, { loads: 1 });
  assert.ok(Number.isFinite(ms) && ms > 0, `first render ${ms}`);
});

test('a flood is measured: every figure of the frames is a number', async () => {
  const got = await frames(browser, 20, 400, 20, { measureMs: 400 });
  for (const name of ['fps', 'frame_ms_p95', 'main_thread_ms_per_frame', 'script_ms_per_frame', 'layout_ms_per_frame',
    'style_ms_per_frame', 'tokens_seen']) {
    const value = got[`${name}_20_tokens`];
    assert.ok(Number.isFinite(value) && value >= 0, `${name}: ${value}`);
  }
  assert.ok(got.fps_20_tokens > 0, 'frames were drawn while measuring');
});

test('the floor, a lesson\'s pace and the paused page are measured', async () => {
  const floor = await floorFrames(browser, { measureMs: 400 });
  const lesson = await lessonFrames(browser, { measureMs: 400 });
  const idle = await idleFrames(browser, { measureMs: 400 });
  assert.ok(floor.fps_floor > 0 && floor.main_thread_ms_per_frame_floor > 0, `floor ${JSON.stringify(floor)}`);
  assert.equal(floor.page_frames_floor, 0, 'an empty page asks for no frames of its own');
  assert.ok(lesson.page_frames_lesson > 0, 'the playing page draws frames');
  assert.ok(lesson.tokens_seen_lesson > 0, 'records fly at a lesson\'s pace');
  assert.equal(idle.page_frames_idle, 0, 'the paused page asks for no frames');
});

test('the median run is the one reported', () => {
  const runs = [3.1, 2.2, 5.9].map((ms, i) => ({ run: i, main_thread_ms_per_frame_5_tokens: ms }));
  assert.equal(medianRun(runs, 'main_thread_ms_per_frame_5_tokens').run, 0);
  assert.equal(medianRun(runs.slice(0, 2), 'main_thread_ms_per_frame_5_tokens').run, 0, 'of two, the upper');
  assert.equal(runs[0].run, 0, 'the runs are left in their order');
});
