// The foundation slice in a real browser: keyed records produced from the page land in the
// partition Kafka's default partitioner predicts, and the consumer group catches up.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launch, open, kafkaPartition, murmur2, SCREENSHOTS } from './harness.mjs';

const vectors = JSON.parse(readFileSync(new URL('../../core/tests/data/kafka_partitioner.json', import.meta.url)));

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the JavaScript murmur2 used here agrees with Kafka vectors', () => {
  for (const v of vectors.murmur2_vectors) {
    assert.equal(murmur2(new TextEncoder().encode(v.utf8)), v.murmur2_i32, v.utf8);
  }
  for (const v of vectors.partition_examples) {
    assert.equal(kafkaPartition(v.key, v.partitions), v.expected, v.key);
  }
});

test('keyed records land where Kafka puts them and the group catches up', async () => {
  const { page, record, context } = await open(browser);
  await page.waitForSelector('svg.diagram .partition');
  const partitions = await page.locator('svg.diagram g.partition').count();
  assert.equal(partitions, 3);
  await page.selectOption('#speed', '4');

  const keys = ['alice', 'bob', 'carol', 'dave', 'user-42', '21', 'alice', '한국어-키'];
  for (const key of keys) {
    await page.fill('#key', key);
    await page.click('#produce');
  }
  // Every record appended somewhere, and the log explains the choice while it is in view.
  await page.waitForFunction((n) => document.querySelectorAll('svg.diagram g.cell').length === n, keys.length);
  await page.waitForFunction(() => [...document.querySelectorAll('#event-log li')]
    .some((li) => li.textContent.includes('key alice → murmur2 → partition 0 of 3')));
  // One snapshot of every cell, read in a single evaluation: Playwright's `$$eval` queries and
  // reads in two round trips, and the page re-renders between them (cells are reused by
  // position), so reading cell by cell could mix two renders.
  const cells = await page.evaluate(() => [...document.querySelectorAll('svg.diagram g.cell')]
    .map((c) => ({ partition: Number(c.dataset.partition), offset: Number(c.dataset.offset), key: c.dataset.key })));
  for (const key of new Set(keys)) {
    const mine = cells.filter((c) => c.key === key);
    assert.equal(mine.length, keys.filter((k) => k === key).length, `cells for ${key}`);
    for (const c of mine) {
      assert.equal(c.partition, kafkaPartition(key, 3), `key ${key} landed in partition ${c.partition}`);
    }
  }
  // Offsets are dense from 0 in each partition.
  for (let p = 0; p < 3; p++) {
    const offsets = cells.filter((c) => c.partition === p).map((c) => c.offset);
    assert.deepEqual(offsets, offsets.map((_, i) => i), `partition ${p} offsets`);
  }
  // The group processes everything: committed = log end, lag 0, in the stats table.
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid^="partition-stats-"]')]
    .every((row) => row.dataset.lag === '0' && row.dataset.committed === row.dataset.leo || row.dataset.leo === '0'),
  null, { timeout: 20000 });

  await page.screenshot({ path: path.join(SCREENSHOTS, 'slice.png') });
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(record.pageErrors, []);
  assert.deepEqual(record.foreignRequests, []);
  await context.close();
});

test('a too-long key is refused with a readable message and nothing is sent', async () => {
  const { page, record, context } = await open(browser);
  await page.waitForSelector('svg.diagram .partition');
  // The input caps typing at 256 characters; set the value directly as a script could.
  await page.$eval('#key', (el) => { el.removeAttribute('maxlength'); });
  await page.fill('#key', 'k'.repeat(300));
  await page.click('#produce');
  await page.waitForSelector('.error[role="alert"]');
  assert.match(await page.locator('.error').textContent(), /at most 256/);
  // Nothing is in flight: the token canvas drew no token, and says so.
  assert.equal(await page.locator('canvas.token-canvas').getAttribute('data-tokens'), '0');
  assert.equal(await page.locator('.tokens-summary').textContent(), '0 records in flight');
  assert.deepEqual(record.pageErrors, []);
  await context.close();
});
