// The time scrubber: rewinding restores the nearest snapshot and replays the recorded timeline,
// so going back to a moment, and forward again, shows exactly what was there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, kafkaPartition } from './harness.mjs';

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
  // The pause re-renders the page at once, so what is drawn now is the paused moment.
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
  // Let 1.5 s of simulated time pass, so the group reads the new records too.
  await page.waitForFunction((t) => Number(document.querySelector('#scrubber').value) >= t, a.time + 1500);
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

// The message view keeps the same timeline: queue counts, consumer states and the ids of the
// queued messages at a moment come back exactly after a rewind, and again after replaying.
const messageState = (page) => page.evaluate(() => {
  const queues = [...document.querySelectorAll('svg.diagram g.queue')]
    .map((q) => `${q.dataset.queue}:${q.dataset.ready}/${q.dataset.unacked}:${[...q.querySelectorAll('rect.msg')].map((m) => m.dataset.message).join(',')}`);
  const consumers = [...document.querySelectorAll('svg.diagram g.consumer')].map((c) => `${c.dataset.consumer}:${c.dataset.state}/${c.dataset.unacked}`);
  return [...queues, ...consumers].join(' ');
});

async function pauseMessage(page) {
  await page.click('#play');
  await page.waitForFunction(() => document.querySelector('#play').getAttribute('aria-pressed') === 'true');
  // Settle on a moment the scrubber can express (it moves in 10 ms steps).
  const time = Number(await page.$eval('#scrubber', (s) => s.value));
  await scrubTo(page, time);
  return { time, state: await messageState(page), clock: await page.$eval('.transport .clock', (c) => c.textContent) };
}

test('message view: rewind then replay reaches the same queues and messages', async () => {
  const { page, record, context } = await open(browser);
  await page.click('#tab-message');
  await page.waitForSelector('#scrubber');
  await page.selectOption('#speed', '4');
  // Pause the auditor (it still takes its prefetch of 5) and flood, so messages pile up ready
  // in audit and work: the queues hold identifiable messages.
  await page.click('.consumer-control[data-consumer="auditor"] .pause');
  await page.click('#flood');
  await page.waitForFunction(() => document.querySelectorAll('svg.diagram g.queue[data-queue="audit"] rect.msg').length > 0);
  const a = await pauseMessage(page);
  await page.click('#play');
  await page.click('.consumer-control[data-consumer="auditor"] .pause'); // resume
  await page.click('.consumer-control[data-consumer="worker-1"] .crash');
  await page.fill('#routing-key', 'invoice.sent');
  await page.click('#publish');
  await page.waitForFunction((t) => Number(document.querySelector('#scrubber').value) > t + 2500, a.time);
  const b = await pauseMessage(page);
  assert.ok(b.time > a.time, `time moved on (${a.time} → ${b.time})`);
  assert.notEqual(b.state, a.state, 'the resume, the crash and the publish changed the queues');

  await scrubTo(page, a.time);
  await page.waitForFunction((want) => document.querySelector('.transport .clock').textContent === want, a.clock);
  assert.equal(await messageState(page), a.state, 'back at the first moment: the same counts and message ids');

  await scrubTo(page, b.time);
  await page.waitForFunction((want) => document.querySelector('.transport .clock').textContent === want, b.clock);
  assert.equal(await messageState(page), b.state, 'forward again: the resume, the crash and the publish replayed at their times');
  assert.deepEqual(record.pageErrors, []);
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(record.foreignRequests, []);
  await context.close();
});

// The skip button runs the next 10 simulated seconds at once: what happens in them is in the
// log with its own times, the page stays paused, and the scrubber can go back into them.
test('+10 s runs ten seconds at once and the scrubber reaches into them', async () => {
  const { page, record, context } = await open(browser);
  await page.waitForSelector('#scrubber');
  await page.click('#play');
  await page.waitForFunction(() => document.querySelector('#play').getAttribute('aria-pressed') === 'true');
  await produce(page, ['alice']);
  const clockMs = async () => Math.round(1000 * Number(/t = ([0-9.]+)s/.exec(await page.textContent('.transport .clock'))[1]));
  const start = await clockMs();
  // Paused: the record is on its way and nobody has read it yet.
  assert.equal(await page.$$eval('svg.diagram g.cell', (cs) => cs.length), 0);

  await page.click('#skip');
  await page.waitForFunction((t) => Number(document.querySelector('#scrubber').max) >= t, start + 10_000);
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'true', 'still paused');
  assert.equal(await clockMs(), start + 10_000, 'the clock moved 10 s');
  // In those seconds the record landed, the group read it and committed past it.
  await page.waitForFunction(() => document.querySelectorAll('svg.diagram g.cell').length === 1);
  const partition = kafkaPartition('alice', 3);
  const row = await page.$eval(`[data-testid="partition-stats-${partition}"]`, (r) => ({ ...r.dataset }));
  assert.equal(row.committed, '1', `partition ${partition}: ${JSON.stringify(row)}`);
  assert.equal(row.lag, '0');
  // The log shows what happened on the way, at its own times, not all at the end.
  const times = await page.$$eval('#event-log li', (ls) => ls.map((l) => Number(l.dataset.at)));
  const inside = times.filter((t) => t > start + 500 && t < start + 9_500);
  assert.ok(inside.length > 0, `log lines inside the skipped span: ${times.join(' ')}`);

  // Back into the skipped span: the record is on its way again, then forward to the end.
  await scrubTo(page, Math.ceil(start / 10) * 10 + 10); // the scrubber moves in 10 ms steps
  await page.waitForFunction(() => document.querySelectorAll('svg.diagram g.cell').length === 0);
  await scrubTo(page, Math.floor((start + 10_000) / 10) * 10);
  await page.waitForFunction(() => document.querySelectorAll('svg.diagram g.cell').length === 1);

  // Shift+→ does the same from the keyboard.
  await page.evaluate(() => document.activeElement?.blur()); // keys typed into a field are the field's
  const before = await clockMs();
  await page.keyboard.press('Shift+ArrowRight');
  await page.waitForFunction((t) => Number(document.querySelector('#scrubber').max) >= t, before + 10_000);
  assert.equal(await clockMs(), before + 10_000);
  assert.deepEqual(record.pageErrors, []);
  assert.deepEqual(record.consoleErrors, []);
  await context.close();
});
