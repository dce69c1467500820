// Deterministic pictures of every view, for comparing the page before and after a change that
// must not change how it looks (a redesign). Not a test: it asserts nothing and is not run by
// `cargo xtask test`. Each picture is taken paused at an exact simulated moment (rewound to 0,
// then 10 s at once), so two builds that behave the same give the same pixels.
//
//   BROKERLAB_URL=http://127.0.0.1:8080/ node tests/browser/shots.mjs OUT_DIR
//
// (`cargo xtask serve` serves the site.) Then compare two folders, for example with
// ImageMagick: `compare -metric AE a/x.png b/x.png null:` prints how many pixels differ.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launch, open } from './harness.mjs';

const out = process.argv[2];
if (!out) {
  throw new Error('usage: node tests/browser/shots.mjs OUT_DIR');
}
mkdirSync(out, { recursive: true });

const views = ['event', 'message', 'compare'];
const langs = ['en', 'ko'];
const themes = ['light', 'dark'];
const sizes = [
  { name: '1280', width: 1280, height: 800 },
  { name: '375', width: 375, height: 812 },
];

const browser = await launch();
try {
  for (const size of sizes) {
    for (const lang of langs) {
      for (const theme of themes) {
        const { context, page } = await open(browser, '', { width: size.width, height: size.height });
        // The page remembers its language once it has started: set ours after that.
        await page.waitForSelector('#play');
        await page.evaluate(([l, t]) => {
          localStorage.setItem('brokerlab.lang', l);
          localStorage.setItem('brokerlab.theme', t);
        }, [lang, theme]);
        await page.reload();
        await page.waitForSelector('#play');
        for (const view of views) {
          await page.click(`#tab-${view}`);
          await page.waitForSelector('#play');
          // Paused at exactly 0 s, then exactly 10 s later: the same state on every run.
          if ((await page.getAttribute('#play', 'aria-pressed')) === 'false') {
            await page.click('#play');
          }
          await page.$eval('#scrubber', (el) => {
            el.value = '0';
            el.dispatchEvent(new Event('change', { bubbles: true }));
          });
          await page.click('#skip');
          await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
          const file = path.join(out, `${view}-${lang}-${theme}-${size.name}.png`);
          await page.screenshot({ path: file, fullPage: true });
          console.log(file);
        }
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
}
