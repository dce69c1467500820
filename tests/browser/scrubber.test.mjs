// The time scrubber: rewinding restores the nearest snapshot and replays the recorded timeline,
// so going back to a moment, and forward again, shows exactly what was there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const state = (page) => page.$$eval('[data-testid^="partition-stats-"]',
  (rows) => rows.map((r) => `${r.dataset.leo}/${r.dataset.committed}/${r.dataset.lag}`).join(' '));
const cells = (page) => page.$$eval('svg.diagram g.cell', (cs) => cs.map((c) => `${c.dataset.partition}:${c.dataset.offset}:${c.dataset.key}`).join(' '));

async function produce(page, keys) {
  for (const key of keys) {
    await page.fill('#key', key);
    await page.click('#produce');
  }
}

async function pauseAndRead(page) {
  await page.click('#play');
  await page.waitForFunction(() => document.querySelector('#play').getAttribute('aria-pressed') === 'true');
  await page.waitForTimeout(150); // let the throttled redraw land
  return { time: Number(await page.$eval('#scrubber', (s) => s.value)), state: await state(page), cells: await cells(page) };
}

async function scrubTo(page, ms) {
  await page.$eval('#scrubber', (s, v) => { s.value = String(v); s.dispatchEvent(new Event('change', { bubbles: true })); }, ms);
  await page.waitForFunction((v) => Number(document.querySelector('#scrubber').value) === v, ms);
}

test('rewind then replay reaches the same state', async () => {
  const { page, record, context } = await open(browser);
  await page.waitForSelector('#scrubber');
  await page.selectOption('#speed', '4');
  await produce(page, ['alice', 'bob', 'carol']);
  await page.waitForFunction(() => document.querySelectorAll('svg.diagram g.cell').length === 3);
  const a = await pauseAndRead(page);
  await page.click('#play');
  await produce(page, ['dave', 'erin', 'alice']);
  await page.waitForFunction(() => document.querySelectorAll('svg.diagram g.cell').length === 6);
  await page.waitForTimeout(1500);
  const b = await pauseAndRead(page);
  assert.ok(b.time > a.time, `time moved on (${a.time} → ${b.time})`);
  assert.notEqual(b.cells, a.cells);

  await scrubTo(page, a.time);
  await page.waitForFunction((want) => [...document.querySelectorAll('svg.diagram g.cell')].length === want, 3);
  assert.equal(await cells(page), a.cells, 'back at the first moment: the same records');
  assert.equal(await state(page), a.state, 'and the same offsets and lag');

  await scrubTo(page, b.time);
  await page.waitForFunction(() => document.querySelectorAll('svg.diagram g.cell').length === 6);
  assert.equal(await cells(page), b.cells, 'forward again: the recorded produces replayed at their times');
  assert.equal(await state(page), b.state);
  assert.deepEqual(record.pageErrors, []);
  assert.deepEqual(record.consoleErrors, []);
  await context.close();
});
