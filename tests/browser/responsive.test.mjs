// The page from a 375 px phone to a 1920 px monitor: no horizontal scroll of the page (wide
// diagrams scroll inside their own panel), every control on screen and big enough to touch on
// a phone, the token canvas exactly over its diagram, and no layout jumps while tokens move.
// Screenshots of every view at 375 and 1920 px, light and dark, English and Korean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, open, SCREENSHOTS, clean, BUSY, screenshotWhole } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const SIZES = [
  { width: 375, height: 667 },
  { width: 768, height: 1024 },
  { width: 1920, height: 1080 },
];
const VIEWS = [
  { tab: '#tab-event', diagram: 'svg.diagram.event' },
  { tab: '#tab-message', diagram: 'svg.diagram.message' },
  { tab: '#tab-compare', diagram: '.compare svg.diagram.message' },
];

// What a learner could not reach: page-level horizontal overflow, and visible controls that lie
// outside the viewport (controls inside a panel that scrolls sideways count by that panel).
function problems(minTarget) {
  const out = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth) out.push(`page scrolls sideways: ${doc.scrollWidth} > ${doc.clientWidth}`);
  const vw = doc.clientWidth;
  for (const el of document.querySelectorAll('button, select, input, textarea')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue; // not shown (e.g. a closed lesson's steps)
    if (el.closest('.visually-hidden')) continue;
    const name = el.id || el.className || el.textContent.trim();
    const scroller = el.closest('.tabs, .diagram-scroll');
    const box = scroller ? scroller.getBoundingClientRect() : { left: 0, right: vw };
    if (!scroller && (r.left < -0.5 || r.right > vw + 0.5)) out.push(`${el.tagName} ${name} is off screen (${r.left}..${r.right})`);
    if (scroller && (box.left < -0.5 || box.right > vw + 0.5)) out.push(`${el.tagName} ${name}'s panel is off screen`);
    if (el.tagName === 'BUTTON' && el.scrollWidth > el.clientWidth + 1) out.push(`BUTTON ${name}'s label is cut (${el.scrollWidth} > ${el.clientWidth})`);
    if (minTarget && el.type !== 'hidden' && (r.height < minTarget - 0.5 || (el.tagName === 'BUTTON' && r.width < minTarget - 0.5))) {
      out.push(`${el.tagName} ${name} is ${r.width.toFixed(0)}×${r.height.toFixed(0)}, under ${minTarget} px`);
    }
  }
  // Each token canvas lies exactly over its diagram.
  for (const canvas of document.querySelectorAll('canvas.token-canvas')) {
    const svg = canvas.parentElement.querySelector('svg.diagram');
    const a = canvas.getBoundingClientRect();
    const b = svg.getBoundingClientRect();
    if (['left', 'top', 'width', 'height'].some((k) => Math.abs(a[k] - b[k]) > 0.5)) {
      out.push(`token canvas ${a.left},${a.top} ${a.width}×${a.height} is not over its diagram ${b.left},${b.top} ${b.width}×${b.height}`);
    }
  }
  return out;
}

for (const size of SIZES) {
  test(`${size.width}×${size.height}: every view fits the width, every control is reachable`, async () => {
    const { page, record, context } = await open(browser, '', size);
    const phone = size.width < 500;
    for (const view of VIEWS) {
      // On a phone the tabs may sit in a row that scrolls sideways: bring each into view.
      await page.locator(view.tab).scrollIntoViewIfNeeded();
      await page.click(view.tab);
      await page.waitForSelector(view.diagram);
      await page.waitForSelector('canvas.token-canvas[data-tokens]');
      assert.deepEqual(await page.evaluate(problems, phone ? 40 : 0), [], `${view.tab} at ${size.width} px`);
      if (phone) {
        // The diagram keeps a readable size and scrolls inside its own panel instead.
        const scroll = await page.locator('.diagram-scroll').first().evaluate((el) => ({ client: el.clientWidth, scroll: el.scrollWidth }));
        assert.ok(scroll.scroll > scroll.client, `the ${view.tab} diagram scrolls inside its panel (${scroll.scroll} > ${scroll.client})`);
      }
    }
    clean(record);
    await context.close();
  });
}

for (const size of [SIZES[0], SIZES[2]]) {
  test(`${size.width} px: the main panels do not move while tokens fly`, async () => {
    const { page, record, context } = await open(browser, BUSY, size);
    await page.waitForSelector('svg.diagram.event g.partition');
    await page.selectOption('#speed', '2');
    // Wait until the log is full enough that it would have grown if its height were not fixed.
    await page.waitForFunction(() => document.querySelectorAll('#event-log li').length >= 30, null, { timeout: 30000 });
    const boxes = () => {
      const out = {};
      for (const sel of ['.topbar', '.lessons', '#stage', 'svg.diagram.event', '.transport.playback', '.side', '.stats', '.log', '.keys']) {
        const el = document.querySelector(sel);
        if (!el) continue;
        const r = el.getBoundingClientRect();
        out[sel] = [r.left, r.top + window.scrollY, r.width, r.height].map((v) => Math.round(v * 10) / 10);
      }
      return out;
    };
    const first = await page.evaluate(boxes);
    assert.ok(Object.keys(first).length >= 8, 'the panels were found');
    const parse = (text) => Number(text.replace(/[^0-9.]/g, ''));
    const start = parse(await page.locator('.clock').textContent());
    const leo = await page.locator('tr[data-testid="partition-stats-0"]').getAttribute('data-leo');
    // A few seconds of simulated time later, records have been appended and read...
    await page.waitForFunction((s) => Number(document.querySelector('.clock').textContent.replace(/[^0-9.]/g, '')) >= s + 4,
      start, { timeout: 30000 });
    await page.waitForFunction((l) => document.querySelector('tr[data-testid="partition-stats-0"]').dataset.leo !== l, leo);
    assert.ok(Number(await page.locator('canvas.token-canvas').getAttribute('data-tokens')) >= 0);
    // ...and nothing moved or changed size.
    assert.deepEqual(await page.evaluate(boxes), first);
    clean(record);
    await context.close();
  });
}

test('screenshots: every view at 375 and 1920 px, light and dark, English and Korean', async () => {
  for (const size of [SIZES[0], SIZES[2]]) {
    for (const scheme of ['light', 'dark']) {
      for (const lang of ['en', 'ko']) {
        const context = await browser.newContext({ viewport: size, colorScheme: scheme });
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.goto(new URL(BUSY, process.env.BROKERLAB_URL).href);
        await page.waitForSelector('svg.diagram.event');
        await page.selectOption('#lang', lang);
        await page.waitForFunction((l) => document.documentElement.lang === l, lang);
        for (const [name, view] of [['event', VIEWS[0]], ['message', VIEWS[1]], ['compare', VIEWS[2]]]) {
          await page.locator(view.tab).scrollIntoViewIfNeeded();
          await page.click(view.tab);
          await page.waitForSelector(view.diagram);
          if (name === 'message') {
            await page.click('#flood');
          } else if (name === 'compare') {
            await page.click('#send-order');
            await page.click('#send-payment');
          }
          // Something is in flight when the picture is taken.
          await page.waitForFunction(() => [...document.querySelectorAll('canvas.token-canvas')]
            .some((c) => Number(c.dataset.tokens) > 0), null, { timeout: 20000 });
          const file = path.join(SCREENSHOTS, `responsive-${name}-${size.width}-${scheme}-${lang}.png`);
          if (size.width < 500) await screenshotWhole(page, file); else await page.screenshot({ path: file });
        }
        assert.deepEqual(errors, []);
        await context.close();
      }
    }
  }
});
