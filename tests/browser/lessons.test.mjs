// Every lesson: load it, walk through its steps doing what each step offers, and check the
// state the lesson teaches, in a real browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, open, SCREENSHOTS } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// Opens the lesson, runs every step (its action, then a short wait), and returns the page.
async function walk(page, id, { waitMs = 600 } = {}) {
  await page.click(`button.lesson[data-lesson="${id}"]`);
  await page.waitForSelector('.lessons li.open .steps');
  const speed = await page.$('#speed');
  if (speed) await page.selectOption('#speed', '8');
  for (;;) {
    const action = await page.$('.lessons .step.current .lesson-action');
    if (action) await action.click();
    await page.waitForTimeout(waitMs);
    const next = page.locator('.lessons .lesson-next');
    if (await next.isDisabled()) break;
    await next.click();
  }
}

const lessons = {
  pubsub: async (page) => {
    await page.waitForFunction(() => document.querySelectorAll('svg.diagram g.group').length === 3);
    await page.waitForFunction(() => document.querySelector('g.group[data-group="notification"] .member').dataset.state === 'running');
  },
  keys: async (page) => {
    await page.waitForFunction(() => document.querySelectorAll('svg.diagram g.partition').length === 4);
    const alice = await page.$$eval('g.cell[data-key="alice"]', (cells) => cells.length);
    assert.ok(alice >= 2, 'alice records drawn');
  },
  rebalance: async (page) => {
    await page.waitForFunction(() => Number(document.querySelector('g.group[data-group="eager"]').dataset.generation) >= 2,
      null, { timeout: 20000 });
  },
  replay: async (page) => {
    // Back to the seek step and seek again: the group reads from offset 0 once more.
    await page.click('.lessons .lesson-back');
    await page.click('.lessons .step.current .lesson-action');
    await page.waitForFunction(() => [...document.querySelectorAll('#event-log li')]
      .some((li) => /fetches offsets? 0\b/.test(li.textContent)));
  },
  replication: async (page) => {
    await page.waitForSelector('g.broker[data-broker="0"][data-alive="true"]');
    await page.waitForSelector('g.broker[data-broker="1"][data-alive="false"]');
  },
  'work-queue': async (page) => {
    await page.waitForFunction(() => {
      const q = document.querySelector('g.queue[data-queue="tasks"]');
      return q.dataset.ready === '0' && q.dataset.unacked === '0';
    }, null, { timeout: 30000 });
  },
  routing: async (page) => {
    await page.waitForFunction(() => document.querySelector('g.queue[data-queue="eu-orders"]').dataset.ready === '1'
      && document.querySelector('g.queue[data-queue="all-orders"]').dataset.ready === '2'
      && document.querySelector('g.queue[data-queue="errors"]').dataset.ready === '0');
  },
  acks: async (page) => {
    await page.waitForFunction(() => Number(document.querySelector('g.queue[data-queue="dead-letters"]').dataset.ready) > 0,
      null, { timeout: 20000 });
  },
  persistence: async (page) => {
    await page.waitForFunction(() => document.querySelector('g.queue[data-queue="durable-q"]')?.dataset.ready === '1'
      && !document.querySelector('g.queue[data-queue="transient-q"]'));
  },
  priorities: async (page) => {
    await page.waitForFunction(() => {
      const q = document.querySelector('g.queue[data-queue="jobs"]');
      return q.dataset.ready === '0' && q.dataset.unacked === '0';
    }, null, { timeout: 30000 });
  },
  compare: async (page) => {
    await page.waitForSelector('#send-order');
  },
};

for (const [id, check] of Object.entries(lessons)) {
  test(`lesson ${id}: steps run and the page shows what it teaches`, async () => {
    const { page, record, context } = await open(browser);
    await page.waitForSelector('button.lesson');
    await walk(page, id);
    await check(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, `lesson-${id}.png`) });
    assert.deepEqual(record.consoleErrors, []);
    assert.deepEqual(record.pageErrors, []);
    assert.deepEqual(record.foreignRequests, []);
    await context.close();
  });
}

test('every lesson in the list has a test here', async () => {
  const { page, context } = await open(browser);
  await page.waitForSelector('button.lesson');
  const ids = await page.$$eval('button.lesson', (b) => b.map((x) => x.dataset.lesson));
  assert.deepEqual(ids.sort(), Object.keys(lessons).sort());
  await context.close();
});
