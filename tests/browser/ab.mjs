// A/B comparison of builds of the page (not a test: it asserts nothing). Each URL serves one
// build's dist/ (for example `python3 -m http.server 8130 -d /tmp/a` and `... 8131 -d /tmp/b`
// on copies of dist/ built from two commits). For each token count, the builds are measured in
// turn, ROUNDS times, so that the machine's drift falls on all of them alike; the medians of
// main-thread time per frame (and of its script and layout parts) are printed.
//
//   node tests/browser/ab.mjs http://127.0.0.1:8130/ http://127.0.0.1:8131/
//   TOKENS=lesson,180,600 ROUNDS=6 node tests/browser/ab.mjs URL_A URL_B URL_C
//
// `lesson` is a lesson's pace: the browser tests' busy link, about 4 tokens in flight.
//
// About TOKENS tokens fly at once: one producer sends every floor(1000 / tokens) ms (at least
// 1) over hops of tokens times that long.
const urls = process.argv.slice(2);
if (urls.length < 1) {
  console.error('usage: node tests/browser/ab.mjs URL [URL...]  (env: TOKENS=100,500 ROUNDS=4)');
  process.exit(2);
}
process.env.BROKERLAB_URL ||= urls[0];
const { launch } = await import('./harness.mjs');
const { frames, lessonFrames } = await import('./perf.mjs');

const counts = (process.env.TOKENS || '100,500').split(',').map(Number);
const rounds = Number(process.env.ROUNDS || 4);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await launch();
try {
  for (const count of counts) {
    // `lesson`: the browser tests' busy link, a lesson's pace (about 4 tokens).
    const lesson = Number.isNaN(count);
    const everyMs = Math.max(1, Math.floor(1000 / count));
    const label = lesson ? 'lesson' : `${count}_tokens`;
    const once = (url) => lesson ? lessonFrames(browser, { baseUrl: url }) : frames(browser, count, count * everyMs, everyMs, { baseUrl: url });
    const runs = new Map(urls.map((u) => [u, []]));
    for (let r = 0; r < rounds; r++) {
      for (const url of urls) runs.get(url).push(await once(url));
    }
    console.log(`${lesson ? 'a lesson\'s pace (' : `${count} tokens (a record every ${everyMs} ms, `}${rounds} rounds), median ms per frame:`);
    for (const url of urls) {
      const got = runs.get(url);
      const m = (key) => median(got.map((x) => x[`${key}_${label}`])).toFixed(2);
      console.log(`  ${url}  main thread ${m('main_thread_ms_per_frame')}  script ${m('script_ms_per_frame')}  layout ${m('layout_ms_per_frame')}  style ${m('style_ms_per_frame')}  (runs: ${got.map((x) => x[`main_thread_ms_per_frame_${label}`].toFixed(2)).join(' ')})`);
    }
  }
} finally {
  await browser.close();
}
