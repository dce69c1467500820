// The three views, language, theme, keyboard and the share link, in a real browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, open, SCREENSHOTS, clean, fragmentFor, screenshotWhole } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('message broker view: a publish is routed, delivered to one worker and acked', async () => {
  const { page, record, context } = await open(browser);
  await page.click('#tab-message');
  await page.waitForSelector('svg.diagram.message g.queue[data-queue="work"]');
  await page.selectOption('#speed', '4');
  await page.fill('#routing-key', 'order.placed');
  await page.click('#publish');
  // order.placed matches order.* (work) and # (audit): one copy each.
  await page.waitForFunction(() => [...document.querySelectorAll('#event-log li')]
    .some((li) => li.textContent.includes('routed to audit, work')));
  // The work queue drains: delivered, processed, acked; nothing ready or unacked remains.
  await page.waitForFunction(() => {
    const q = document.querySelector('g.queue[data-queue="work"]');
    return q && q.dataset.ready === '0' && q.dataset.unacked === '0'
      && [...document.querySelectorAll('#event-log li')].some((li) => li.dataset.kind === 'message_acked');
  }, null, { timeout: 20000 });
  await page.fill('#routing-key', 'invoice.sent');
  await page.click('#publish');
  await page.waitForFunction(() => [...document.querySelectorAll('#event-log li')]
    .some((li) => li.textContent.includes('routed to audit:')));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'message-view.png') });
  clean(record);
  await context.close();
});

test('message broker faults: a crashed worker comes back, a restart keeps durable queues', async () => {
  const { page, record, context } = await open(browser);
  await page.click('#tab-message');
  await page.waitForSelector('.consumer-control[data-consumer="worker-1"]');
  await page.click('.consumer-control[data-consumer="worker-1"] button.crash');
  await page.waitForSelector('g.consumer[data-consumer="worker-1"][data-state="down"]');
  await page.click('.consumer-control[data-consumer="worker-1"] button.crash');
  await page.waitForSelector('g.consumer[data-consumer="worker-1"][data-state="running"]');
  await page.click('#restart-broker');
  await page.waitForFunction(() => [...document.querySelectorAll('#event-log li')].some((li) => li.dataset.kind === 'broker_restarted'));
  assert.equal(await page.locator('g.queue').count(), 3, 'durable queues survive a restart');
  clean(record);
  await context.close();
});

test('compare view: the same events go to both brokers and the differences read live', async () => {
  const { page, record, context } = await open(browser);
  await page.click('#tab-compare');
  await page.waitForSelector('#send-order');
  // Before anything is sent, the panel already names the queue's workers, each given nothing.
  assert.match(await page.locator('#diff-readers').textContent(), /one worker only: worker-1 0 · worker-2 0\./);
  // On a 1280×800 laptop both diagrams are whole on screen, each as wide as the stage (so
  // their labels stay legible), and the differences follow under them.
  const [grid, differences] = await page.evaluate(() => ['.compare-grid', '.differences']
    .map((s) => document.querySelector(s).getBoundingClientRect().toJSON()));
  const diagrams = await page.$$eval('.compare-grid svg.diagram', (svgs) => svgs.map((s) => s.getBoundingClientRect().toJSON()));
  assert.equal(diagrams.length, 2);
  for (const d of diagrams) assert.ok(d.top >= 0 && d.bottom <= 800 && d.width > 800, `a diagram at ${JSON.stringify(d)}`);
  assert.ok(differences.top >= grid.bottom, 'the differences follow the diagrams');
  for (let i = 0; i < 3; i++) {
    await page.click('#send-order');
    await page.click('#send-payment');
  }
  await page.waitForFunction(() => document.querySelector('#diff-retention').textContent.includes('keeps all 6 records'),
    null, { timeout: 20000 });
  await page.waitForFunction(() => /payment 6\/6 · inventory 6\/6 · notification 6\/6/.test(document.querySelector('#diff-readers').textContent),
    null, { timeout: 30000 });
  await screenshotWhole(page, path.join(SCREENSHOTS, 'compare-view.png'));
  clean(record);
  await context.close();
});

test('compare view, share mode: a share group against the work queue, crashes on both sides, the differences live', async () => {
  const { page, record, context } = await open(browser);
  await page.click('#tab-compare');
  await page.click('#compare-share');
  await page.waitForSelector('.differences[data-mode="share"]');
  assert.equal(await page.getAttribute('#compare-share', 'aria-pressed'), 'true');
  await page.selectOption('#speed', '4');
  for (let i = 0; i < 4; i++) await page.click('#send-order');
  // Once the first worker on each side holds a task, crash both.
  await page.waitForFunction(() => /m0 [1-9]/.test(document.querySelector('#diff-readers').textContent)
    && /worker-1 [1-9]/.test(document.querySelector('#diff-readers').textContent), null, { timeout: 20000 });
  await page.click('.compare-share-fault[data-member="0"]');
  await page.click('.compare-worker-fault[data-consumer="worker-1"]');
  // RabbitMQ redelivers as soon as the channel closed; Kafka only after the 6 s lock.
  await page.waitForFunction(() => /RabbitMQ: [1-9]\d* messages? redelivered/.test(document.querySelector('#diff-redelivery').textContent), null, { timeout: 20000 });
  assert.match(await page.locator('#diff-redelivery').textContent(), /Kafka: 0 records delivered again/);
  await page.waitForFunction(() => /Kafka: [1-9]\d* records? delivered again/.test(document.querySelector('#diff-redelivery').textContent), null, { timeout: 30000 });
  await page.waitForFunction(() => /keeps all 4 records in the log; the share group accepted 4/.test(document.querySelector('#diff-retention').textContent)
    && /holds only 0 ready and 0 unacked/.test(document.querySelector('#diff-retention').textContent), null, { timeout: 30000 });
  await screenshotWhole(page, path.join(SCREENSHOTS, 'compare-share.png'));
  // Back to consumer groups: fresh simulations.
  await page.click('#compare-groups');
  await page.waitForSelector('.differences[data-mode="groups"]');
  assert.match(await page.locator('#diff-readers').textContent(), /one worker only: worker-1 0 · worker-2 0\./);
  clean(record);
  await context.close();
});

test('compare view, stream mode: a stream beside a Kafka topic, a revived reader starts again from its x-stream-offset', async () => {
  const { page, record, context } = await open(browser);
  await page.click('#tab-compare');
  await page.click('#compare-stream');
  await page.waitForSelector('.differences[data-mode="stream"]');
  assert.equal(await page.getAttribute('#compare-stream', 'aria-pressed'), 'true');
  await page.selectOption('#speed', '4');
  for (let i = 0; i < 4; i++) await page.click('#send-order');
  // Both logs keep all four after reading; every stream consumer reads every message.
  await page.waitForFunction(() => /Kafka 4 records, the stream 4 messages/.test(document.querySelector('#diff-retention').textContent)
    && /reader-first 4 · reader-next 4 delivered/.test(document.querySelector('#diff-readers').textContent), null, { timeout: 20000 });
  assert.match(await page.locator('#diff-partitions').textContent(), /over 2 partitions \(p0 \d · p1 \d\).*one ordered log \(offsets 0–3\)/);
  assert.match(await page.locator('#diff-readers').textContent(), /payment m0 p\d · m1 p\d/);
  await page.waitForFunction(() => /payment p0 \d · p1 \d; audit p0 \d · p1 \d/.test(document.querySelector('#diff-offsets').textContent)
    && /reader-first running · at offset 4/.test(document.querySelector('#diff-offsets').textContent), null, { timeout: 20000 });
  // A crashed reader that comes back starts again from first: it reads all four again.
  await page.click('.compare-worker-fault[data-consumer="reader-first"]');
  await page.waitForFunction(() => /reader-first down/.test(document.querySelector('#diff-offsets').textContent));
  await page.click('.compare-worker-fault[data-consumer="reader-first"]');
  await page.waitForFunction(() => /reader-first 8 · reader-next 4 delivered/.test(document.querySelector('#diff-readers').textContent), null, { timeout: 20000 });
  assert.match(await page.locator('#diff-retention').textContent(), /the stream 4 messages/);
  await screenshotWhole(page, path.join(SCREENSHOTS, 'compare-stream.png'));
  await page.click('#compare-groups');
  await page.waitForSelector('.differences[data-mode="groups"]');
  clean(record);
  await context.close();
});

test('language and theme switch and are remembered', async () => {
  const { page, record, context } = await open(browser);
  await page.waitForSelector('#tab-event');
  await page.selectOption('#lang', 'ko');
  await page.waitForFunction(() => document.querySelector('#tab-event').textContent === '이벤트 브로커');
  assert.equal(await page.getAttribute('html', 'lang'), 'ko');
  await page.click('#theme'); // system → light
  await page.click('#theme'); // light → dark
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'event-view-ko-dark.png') });
  await page.reload();
  await page.waitForSelector('#tab-event');
  assert.equal(await page.locator('#tab-event').textContent(), '이벤트 브로커', 'language remembered');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark', 'theme remembered');
  clean(record);
  await context.close();
});

test('keyboard: space pauses and plays, the arrow steps one event', async () => {
  const { page, record, context } = await open(browser);
  await page.waitForSelector('#play');
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press(' ');
  await page.waitForFunction(() => document.querySelector('#play').getAttribute('aria-pressed') === 'true');
  const before = await page.locator('.clock').textContent();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((b) => document.querySelector('.clock').textContent !== b, before);
  await page.keyboard.press(' ');
  await page.waitForFunction(() => document.querySelector('#play').getAttribute('aria-pressed') === 'false');
  clean(record);
  await context.close();
});

test('share link round trip, and crafted fragments keep the page usable', async () => {
  const { page, record, context } = await open(browser);
  await page.waitForSelector('#share');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.click('#share');
  const url = page.url();
  assert.match(url, /#v1\./);
  const second = await context.newPage();
  await second.goto(url);
  await second.waitForSelector('svg.diagram g.partition');
  assert.equal(await second.locator('svg.diagram g.partition').count(), 3);
  for (const fragment of ['#v9.abc', '#v1.%%%', '#v1.' + Buffer.from('{"version":1,"event_broker":{"topics":[{"name":"t","partitions":100000}]}}').toString('base64url'),
    '#v1.' + 'A'.repeat(70000)]) {
    const p = await context.newPage();
    const errors = [];
    p.on('pageerror', (e) => errors.push(String(e)));
    await p.goto(new URL('/' + fragment, url).href);
    await p.waitForSelector('.notice[role="status"]');
    assert.ok((await p.locator('.notice').textContent()).length > 20, fragment.slice(0, 12));
    await p.waitForSelector('svg.diagram g.partition'); // the built-in scenario still runs
    assert.deepEqual(errors, []);
    await p.close();
  }
  clean(record);
  await context.close();
});

test('with several producers, Produce sends with the one chosen, to its topic', async () => {
  const { page, record, context } = await open(browser, fragmentFor({
    version: 1, seed: 1, link_ms: 200,
    event_broker: {
      topics: [{ name: 'orders', partitions: 3 }, { name: 'audit', partitions: 1 }],
      producers: [{ name: 'shop', topic: 'orders' }, { name: 'auditor', topic: 'audit' }],
    },
  }));
  await page.waitForSelector('#producer');
  assert.deepEqual(await page.$$eval('#producer option', (os) => os.map((o) => o.textContent)),
    ['shop → orders', 'auditor → audit']);
  assert.equal(await page.inputValue('#producer'), 'shop', 'the first producer until another is chosen');
  await page.fill('#key', 'first');
  await page.click('#produce');
  await page.waitForSelector('svg.diagram g.cell[data-key="first"][data-topic="orders"]');
  await page.selectOption('#producer', 'auditor');
  await page.fill('#key', 'second');
  await page.click('#produce');
  await page.waitForSelector('svg.diagram g.cell[data-key="second"][data-topic="audit"]');
  assert.equal(await page.inputValue('#producer'), 'auditor', 'the choice stays after a produce');
  assert.equal(await page.locator('svg.diagram g.cell[data-key="second"][data-topic="orders"]').count(), 0);
  clean(record);
  await context.close();
});
