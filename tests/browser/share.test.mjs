// Share groups (KIP-932) drawn on the event broker's diagram, beyond what the share lessons
// show: two share groups reading one topic, each with its own lane of state bars on the cells
// and its own SPSO and SPEO marks; members sharing partitions by the group's assignment, and a
// crashed member leaving when its session times out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, open, SCREENSHOTS, clean, fragmentFor } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const TWO_GROUPS = fragmentFor({
  version: 1, seed: 21, link_ms: 300, event_broker: {
    kafka_version: '4.2',
    topics: [{ name: 'orders', partitions: 2 }],
    producers: [{ name: 'shop', topic: 'orders', every_ms: 800, keys: ['alice', 'bob', 'carol', 'dave'] }],
    groups: [{ name: 'audit', topics: ['orders'], members: 2, processing_ms: 300, auto_offset_reset: 'earliest' }],
    share_groups: [
      { name: 'workers', topic: 'orders', members: 3, processing_ms: 1200, max_records: 2, auto_offset_reset: 'earliest', record_lock_duration_ms: 6000 },
      { name: 'mailers', topic: 'orders', members: 2, processing_ms: 2500, max_records: 1, auto_offset_reset: 'earliest', acknowledge: 'release' },
    ],
  },
});

test('two share groups on one topic: each has its own lane of state bars and its own SPSO and SPEO', async () => {
  const { page, record, context } = await open(browser, '/' + TWO_GROUPS);
  await page.waitForSelector('#play');
  if ((await page.getAttribute('#play', 'aria-pressed')) === 'true') await page.click('#play');
  await page.click('#skip');
  // Both groups' states are drawn, each in its own lane, with no two bars on one spot.
  await page.waitForFunction(() => ['workers', 'mailers'].every((g) => document.querySelector(`rect.share-state[data-group="${g}"]`)));
  const bars = await page.$$eval('rect.share-state[data-group]', (rs) => rs.map((r) => ({
    group: r.dataset.group, lane: r.dataset.lane, offset: r.dataset.offset, y: Number(r.getAttribute('y')), h: Number(r.getAttribute('height')),
    cell: r.closest('g')?.getAttribute('class') ?? '',
  })));
  const lanes = new Map(bars.map((b) => [b.group, b.lane]));
  assert.deepEqual([lanes.get('workers'), lanes.get('mailers')], ['0', '1'], 'lanes follow the order of the groups\' boxes');
  assert.ok(bars.every((b) => b.h >= 3), 'every bar is tall enough to see');
  // On one partition's strip the two lanes never overlap: the first ends above the second.
  const firstLane = bars.filter((b) => b.lane === '0').map((b) => b.y + b.h);
  const secondLane = bars.filter((b) => b.lane === '1').map((b) => b.y);
  const strips = await page.$$eval('rect.strip', (rs) => rs.map((r) => Number(r.getAttribute('y'))));
  for (const top of strips) {
    const ends = firstLane.filter((e) => e > top && e < top + 40);
    const starts = secondLane.filter((s) => s > top && s < top + 40);
    if (ends.length && starts.length) assert.ok(Math.max(...ends) <= Math.min(...starts), 'lane 0 sits above lane 1');
  }
  // Each group marks its own window on each partition; the second's label names it.
  for (const group of ['workers', 'mailers']) {
    const marks = await page.$$eval(`g.share-marks[data-group="${group}"]`, (gs) => gs.map((g) => [Number(g.dataset.spso), Number(g.dataset.speo)]));
    assert.equal(marks.length, 2, `${group} marks both partitions`);
    assert.ok(marks.every(([spso, speo]) => spso <= speo + 1), `${group}: SPSO is not past SPEO`);
  }
  const later = await page.$$eval('g.share-marks[data-group="mailers"] text.share-label.later', (ts) => ts.map((t) => t.textContent));
  assert.ok(later.length === 2 && later.every((t) => /mailers \d+–\d+/.test(t)), `the second group's labels name it: ${later}`);
  // The labels on one line never overlap.
  const boxes = await page.$$eval('text.share-label', (ts) => ts.map((t) => { const r = t.getBoundingClientRect(); return { l: r.left, r: r.right, y: Math.round(r.top) }; }));
  for (const a of boxes) for (const b of boxes) {
    if (a !== b && a.y === b.y) assert.ok(a.r <= b.l || b.r <= a.l, `labels overlap: ${JSON.stringify([a, b])}`);
  }
  // A cell's title gives every group's state of that record, and its inspector the share
  // state and history of the record in each group that has it in flight.
  const bar = bars.find((b) => b.group === 'mailers');
  const partition = strips.findIndex((top) => bar.y > top && bar.y < top + 40);
  const cell = `g.cell[data-partition="${partition}"][data-offset="${bar.offset}"]`;
  assert.match(await page.$eval(`${cell} title`, (t) => t.textContent), /mailers/);
  await page.click(cell);
  await page.waitForSelector('#inspector .field[data-field="share-state"]');
  assert.match(await page.textContent('#inspector .field[data-field="share-state"] dd'), /mailers/);
  const history = await page.$$eval('#inspector .inspector-list[data-list="share-history"] li', (lis) => lis.map((li) => li.textContent));
  assert.ok(history.some((l) => /share group mailers member \d acquires offset/.test(l)), `the record's history: ${history}`);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'share-two-groups.png') });
  clean(record);
  await context.close();
});

const MAILERS = fragmentFor({
  version: 1, seed: 21, link_ms: 300, event_broker: {
    kafka_version: '4.2',
    topics: [{ name: 'orders', partitions: 2 }],
    producers: [{ name: 'shop', topic: 'orders', every_ms: 800, keys: ['alice', 'bob', 'carol', 'dave'] }],
    share_groups: [{ name: 'mailers', topic: 'orders', members: 2, processing_ms: 2500, max_records: 1, auto_offset_reset: 'earliest', acknowledge: 'release' }],
  },
});

test('share members fetch from the partitions the assignor gives them; a crashed member leaves when its session times out', async () => {
  let { page, record, context } = await open(browser, '/' + TWO_GROUPS);
  await page.waitForSelector('#play');
  if ((await page.getAttribute('#play', 'aria-pressed')) === 'true') await page.click('#play');
  const assigned = (group) => page.$$eval(`g.share-group[data-share-group="${group}"] .share-member`,
    (ms) => ms.map((m) => ({ parts: m.dataset.assigned, inGroup: m.dataset.inGroup, text: m.textContent })));
  // workers: 3 members on 2 partitions, each partition shared by ⌈3 ÷ 2⌉ = 2 members, the
  // first member taking two partitions; mailers: 2 members, one partition each.
  const workers = await assigned('workers');
  assert.deepEqual(workers.map((m) => m.parts), ['0,1', '0', '1'], JSON.stringify(workers));
  assert.match(workers[0].text, /m0 P0–1 · holds \d+/);
  assert.deepEqual((await assigned('mailers')).map((m) => m.parts), ['0', '1']);
  clean(record);
  await context.close();
  // mailers alone (fewer lines in the log): m1 crashes, and after
  // share.session.timeout.ms (45 s) without a heartbeat it leaves and m0 takes both partitions;
  // the log says why.
  ({ page, record, context } = await open(browser, '/' + MAILERS));
  await page.waitForSelector('#play');
  // Paused (the Pause button pressed), so the log keeps up to 100 lines and the +10 s skips
  // alone move time.
  if ((await page.getAttribute('#play', 'aria-pressed')) === 'false') await page.click('#play');
  await page.waitForSelector('#play[aria-pressed="true"]');
  await page.click('button.share-fault[data-group="mailers"][data-member="1"]');
  for (let i = 0; i < 5; i += 1) await page.click('#skip');
  await page.waitForFunction(() => document.querySelector('g.share-group[data-share-group="mailers"] .share-member[data-member="1"]')?.dataset.inGroup === 'false');
  const mailers = await assigned('mailers');
  assert.deepEqual(mailers.map((m) => m.parts), ['0,1', ''], JSON.stringify(mailers));
  assert.match(mailers[1].text, /m1 – · holds 0/);
  await page.waitForFunction(() => [...document.querySelectorAll('#event-log li')]
    .some((li) => /share group mailers member 1 sent no heartbeat for 45000 ms/.test(li.textContent)));
  // Started again, it joins and the two share the partitions once more.
  await page.click('button.share-fault[data-group="mailers"][data-member="1"]');
  await page.waitForFunction(() => document.querySelector('g.share-group[data-share-group="mailers"] .share-member[data-member="1"]')?.dataset.assigned !== '');
  assert.deepEqual((await assigned('mailers')).map((m) => m.parts).sort(), ['0', '1']);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'share-assignment.png') });
  clean(record);
  await context.close();
});
