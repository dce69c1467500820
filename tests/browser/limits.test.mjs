// The page on the largest scenario the limits allow (docs/LIMITS.md): every partition drawn,
// tokens flying, and the controls still answer. Functional checks only: no timing assertion.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, open, SCREENSHOTS } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const names = (prefix, n) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

test('the largest scenario the limits allow draws and stays responsive', async () => {
  const keys = names('key-', 64);
  const topics = [{ name: 't0', partitions: 64, replication_factor: 3 },
    ...names('t', 16).slice(1).map((name) => ({ name, partitions: 1 }))];
  const scenario = {
    version: 1, link_ms: 300,
    event_broker: {
      brokers: 9,
      topics,
      producers: names('p', 32).map((name) => ({ name, topic: 't0', every_ms: 50, keys, acks: 'all' })),
      groups: names('g', 16).map((name) => ({ name, topics: ['t0'], members: 32, processing_ms: 5,
        auto_offset_reset: 'earliest' })),
    },
  };
  const fragment = 'v1.' + Buffer.from(JSON.stringify(scenario)).toString('base64url');
  assert.ok(fragment.length < 64 * 1024, `the share link fits its cap (${fragment.length} characters)`);
  const { page, record, context } = await open(browser, '#' + fragment);
  await page.waitForSelector('svg.diagram g.partition');
  // Every topic is drawn: 64 partitions of t0 and one each of t1..t15.
  assert.equal(await page.locator('svg.diagram g.partition').count(), topics.reduce((n, t) => n + t.partitions, 0));
  assert.equal(await page.locator('svg.diagram g.group').count(), 16);
  // 512 members: one picker, not a wall of buttons.
  assert.equal(await page.locator('#fault-member option').count(), 16 * 32);
  assert.equal(await page.locator('button.member-fault').count(), 1);
  await page.selectOption('#speed', '8');
  // Records flow into the partitions while the page runs.
  await page.waitForFunction(() => document.querySelectorAll('svg.diagram g.cell').length > 200, null, { timeout: 30000 });
  // The controls still answer: pause, step, play.
  await page.click('#play');
  await page.waitForFunction(() => document.querySelector('#play').getAttribute('aria-pressed') === 'true');
  const before = await page.locator('.clock').textContent();
  await page.click('#step');
  await page.waitForFunction((b) => document.querySelector('.clock').textContent !== b, before);
  await page.click('#play');
  await page.waitForFunction(() => document.querySelector('#play').getAttribute('aria-pressed') === 'false');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'largest-scenario.png') });
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(record.pageErrors, []);
  assert.deepEqual(record.foreignRequests, []);
  await context.close();
});
