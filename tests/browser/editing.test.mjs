// The editor in a real browser: add and remove every kind of item through the forms and see
// the diagram change; a refused edit shows the core's typed error and changes nothing; export
// then import gives the same scenario; a RabbitMQ definitions.json becomes the message
// broker's topology; the share link carries the open lesson and its step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, open, SCREENSHOTS, clean } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const DEFINITIONS = path.join(here, 'fixtures', 'definitions.json');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function openEditor(page, section = 'event') {
  await page.waitForSelector('#edit');
  await page.click('#edit');
  await page.waitForSelector('dialog.editor-dialog[open]');
  await page.click(`#edit-tab-${section}`);
  await page.waitForSelector(`#edit-panel-${section}`);
}

/// Fills the form's fields by name and presses the submit button with `value` (or the only one).
async function submit(page, form, fields, value) {
  for (const [name, v] of Object.entries(fields)) {
    const field = page.locator(`#${form} [name="${name}"]`);
    const tag = await field.evaluate((el) => el.tagName);
    const type = await field.getAttribute('type');
    if (tag === 'SELECT') await field.selectOption(String(v));
    else if (type === 'checkbox') await field.setChecked(Boolean(v));
    else await field.fill(String(v));
  }
  await page.click(value ? `#${form} button[value="${value}"]` : `#${form} button[type="submit"]`);
  await page.waitForSelector(`#${form}-outcome`);
  return page.locator(`#${form}-outcome`);
}

async function ok(page, form, fields, value) {
  const outcome = await submit(page, form, fields, value);
  assert.equal(await outcome.getAttribute('role'), 'status', `${form}: ${await outcome.textContent()}`);
}

const count = (page, selector) => page.locator(selector).count();
const waitCount = (page, selector, n) =>
  page.waitForFunction(([s, n]) => document.querySelectorAll(s).length === n, [selector, n]);

/// The exported scenario, read from the download.
async function exported(page) {
  await page.click('#edit-tab-files');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  assert.equal(download.suggestedFilename(), 'brokerlab-scenario.json');
  return readFileSync(await download.path(), 'utf8');
}

test('event broker: brokers, topics, partitions, producers, groups and members are added and removed', async () => {
  const { page, record, context } = await open(browser);
  await page.waitForSelector('svg.diagram g.partition');
  // The keyboard opens it too.
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('e');
  await page.waitForSelector('dialog.editor-dialog[open]');
  await page.click('#editor-close');
  await page.waitForSelector('dialog.editor-dialog', { state: 'detached' });
  await page.click('#edit');
  await page.waitForSelector('dialog.editor-dialog[open]');
  assert.equal(await page.evaluate(() => document.activeElement.closest('dialog') !== null), true, 'focus moves into the dialog');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement.closest('dialog') !== null && document.activeElement.id !== 'editor-close'), true,
    'Shift+Tab from the first control wraps to the last one inside the dialog');
  await page.keyboard.press('Escape');
  await page.waitForSelector('dialog.editor-dialog', { state: 'detached' });
  await openEditor(page, 'event');

  await ok(page, 'edit-brokers', { brokers: 3 });
  await waitCount(page, 'svg.diagram g.broker', 3);

  await ok(page, 'edit-add-topic', { name: 'audit', partitions: 2, replication_factor: 3 }, 'scenario');
  await page.waitForSelector('.edit-list[data-kind="topic"] li[data-name="audit"]');
  assert.match(await page.textContent('.edit-list[data-kind="topic"] li[data-name="audit"]'), /2 partitions · RF 3/);
  // The diagram draws every topic: audit's two strips appear under its name.
  await waitCount(page, 'svg.diagram g.partition[data-topic="audit"]', 2);
  await page.waitForSelector('svg.diagram text.topic-name[data-topic="audit"]');

  await ok(page, 'edit-partitions', { topic: 'orders', partitions: 5 }, 'scenario');
  await waitCount(page, 'svg.diagram g.partition[data-topic="orders"]', 5);
  // Live: the running world grows the topic now, and says so in the log.
  await ok(page, 'edit-partitions', { topic: 'orders', partitions: 6 }, 'now');
  await waitCount(page, 'svg.diagram g.partition[data-topic="orders"]', 6);
  await page.waitForFunction(() => [...document.querySelectorAll('#event-log li')].some((li) => li.dataset.kind === 'partitions_added'));
  await ok(page, 'edit-add-topic', { name: 'live-topic', partitions: 1, replication_factor: 1 }, 'now');
  await page.waitForFunction(() => [...document.querySelectorAll('#event-log li')].some((li) => li.dataset.kind === 'topic_created' && li.textContent.includes('live-topic')));
  await waitCount(page, 'svg.diagram g.partition[data-topic="live-topic"]', 1);

  // A producer that sends every 100 ms with its own keys: its records appear.
  await ok(page, 'edit-add-producer', { name: 'billing', topic: 'orders', every_ms: 100, keys: 'k-one, k-two', acks: '1' });
  await page.waitForSelector('.edit-list[data-kind="producer"] li[data-name="billing"]');
  await page.waitForSelector('svg.diagram g.cell[data-key="k-one"]');

  await ok(page, 'edit-add-group', { name: 'fraud', topics: 'orders', members: 2, assignor: 'roundrobin', processing_ms: 50, failure_per_mille: 1000, commit: 'manual' });
  await page.waitForSelector('svg.diagram g.group[data-group="fraud"]');
  assert.equal(await count(page, 'g.group[data-group="fraud"] .member'), 2);
  assert.match(await page.textContent('.edit-list[data-kind="group"] li[data-name="fraud"]'), /roundrobin · 50 ms · manual commit · 1000‰ fail/);
  // Every batch fails: a member of the new group stops with an error.
  await page.waitForSelector('g.group[data-group="fraud"] .member[data-state="failed"]', { timeout: 20000 });

  await ok(page, 'edit-members', { group: 'payment', members: 3 }, 'scenario');
  await waitCount(page, 'g.group[data-group="payment"] .member', 3);
  await ok(page, 'edit-members', { group: 'payment' }, 'add-now');
  await waitCount(page, 'g.group[data-group="payment"] .member', 4);
  await ok(page, 'edit-members', { group: 'payment' }, 'remove-now');
  await page.waitForSelector('g.group[data-group="payment"] .member[data-member="3"][data-state="left"]');

  // Removing: producer, group, topic, in the order references allow.
  await page.click('.edit-list[data-kind="producer"] li[data-name="billing"] button.remove');
  await page.waitForSelector('.edit-list[data-kind="producer"] li[data-name="billing"]', { state: 'detached' });
  await page.click('.edit-list[data-kind="group"] li[data-name="fraud"] button.remove');
  await page.waitForSelector('svg.diagram g.group[data-group="fraud"]', { state: 'detached' });
  await page.click('.edit-list[data-kind="topic"] li[data-name="audit"] button.remove');
  await page.waitForSelector('.edit-list[data-kind="topic"] li[data-name="audit"]', { state: 'detached' });
  assert.equal(await count(page, 'svg.diagram g.cell[data-key="k-one"]'), 0, 'the restarted world has no billing records');
  clean(record);
  await context.close();
});

test('share groups: refused under Kafka 3.9 with the reason, added under 4.2 and drawn, then removed', async () => {
  const { page, record, context } = await open(browser);
  await openEditor(page, 'event');
  await submit(page, 'edit-kafka-version', { kafka_version: '3.9' });
  const refused = await submit(page, 'edit-add-share-group', { name: 'workers', topic: 'orders', members: 3 });
  assert.equal(await refused.getAttribute('role'), 'alert');
  assert.match(await refused.textContent(), /needs Kafka 4\.2/);
  assert.equal(await count(page, '.edit-list[data-kind="share-group"] li'), 0, 'nothing added');
  await ok(page, 'edit-kafka-version', { kafka_version: '4.2' });
  await ok(page, 'edit-add-share-group', { name: 'workers', topic: 'orders', members: 3, answer: 'release', record_lock_duration_ms: 5000, delivery_count_limit: 3 });
  assert.match(await page.textContent('.edit-list[data-kind="share-group"] li[data-name="workers"]'), /workers · orders · 3 members · 1000 ms · release · Lock duration 5000 ms · Delivery limit 3/);
  await page.waitForSelector('svg.diagram g.share-group[data-share-group="workers"]');
  const short = await submit(page, 'edit-add-share-group', { name: 'fast', topic: 'orders', record_lock_duration_ms: 500 });
  assert.equal(await short.getAttribute('role'), 'alert');
  assert.match(await short.textContent(), /1000/);
  await page.click('.edit-list[data-kind="share-group"] li[data-name="workers"] button.remove');
  await page.waitForSelector('svg.diagram g.share-group[data-share-group="workers"]', { state: 'detached' });
  clean(record);
  await context.close();
});

test('cluster nodes, quorum and stream queues, stream offsets: refused with the model\'s reason (Korean too), then added and drawn', async () => {
  const { page, record, context } = await open(browser);
  await page.click('#tab-message');
  await page.waitForSelector('svg.diagram.message g.queue');
  await openEditor(page, 'message');
  let refused = await submit(page, 'edit-nodes', { nodes: 9 });
  assert.equal(await refused.getAttribute('role'), 'alert');
  assert.match(await refused.textContent(), /a cluster of 9 nodes: it takes 1 to 7/);
  await ok(page, 'edit-nodes', { nodes: 3 });
  // A stream whose x-max-age is not an interval: RabbitMQ's 406, and no queue.
  const stream = { name: 'log', 'x-queue-type': 'stream', 'x-max-age': 'soon', 'x-max-length-bytes': 100000, 'x-stream-max-segment-size-bytes': 1000 };
  refused = await submit(page, 'edit-add-queue', stream);
  assert.equal(await refused.getAttribute('role'), 'alert');
  assert.match(await refused.textContent(), /406 PRECONDITION_FAILED - invalid arg 'x-max-age'/);
  assert.equal(await count(page, '.edit-list[data-kind="queue"] li[data-name="log"]'), 0, 'nothing added');
  await ok(page, 'edit-add-queue', { ...stream, 'x-max-age': '7D' });
  const args = await page.textContent('.edit-list[data-kind="queue"] li[data-name="log"]');
  for (const arg of ['"x-queue-type":"stream"', '"x-max-age":"7D"', '"x-max-length-bytes":100000', '"x-stream-max-segment-size-bytes":1000']) {
    assert.ok(args.includes(arg), `${arg} in ${args}`);
  }
  const quorum = { name: 'orders-q', 'x-queue-type': 'quorum', 'x-max-age': '', 'x-max-length-bytes': '', 'x-stream-max-segment-size-bytes': '', 'x-delivery-limit': 2 };
  refused = await submit(page, 'edit-add-queue', { ...quorum, 'x-quorum-initial-group-size': 0 });
  assert.match(await refused.textContent(), /invalid arg 'x-quorum-initial-group-size'/);
  await ok(page, 'edit-add-queue', { ...quorum, 'x-quorum-initial-group-size': 3 });
  // Three nodes: the quorum queue has a leader and two more members.
  await page.waitForSelector('svg.diagram g.queue[data-queue="orders-q"] text.replicas');
  assert.match(await page.textContent('svg.diagram g.queue[data-queue="orders-q"] text.replicas'), /quorum · leader n\d/);
  refused = await submit(page, 'edit-add-consumer', { name: 'reader', queue: 'log', prefetch: 10, 'x-stream-offset': 'sideways' });
  assert.equal(await refused.getAttribute('role'), 'alert');
  assert.match(await refused.textContent(), /x-stream-offset sideways is not first, last, next/);
  await page.selectOption('#lang', 'ko');
  await page.waitForFunction(() => document.querySelector('#editor-title').textContent === '시나리오 편집');
  refused = await submit(page, 'edit-nodes', { nodes: 0 });
  assert.match(await refused.textContent(), /노드 0개의 클러스터: 1개에서 7개까지/);
  await page.selectOption('#lang', 'en');
  await ok(page, 'edit-add-consumer', { name: 'reader', queue: 'log', prefetch: 10, 'x-stream-offset': 'first' });
  assert.match(await page.textContent('.edit-list[data-kind="consumer"] li[data-name="reader"]'), /x-stream-offset first/);
  await page.waitForSelector('svg.diagram g.consumer[data-consumer="reader"]');
  // An empty log: the strip is there, with no cells yet.
  await page.waitForSelector('svg.diagram g.queue[data-queue="log"] g.stream-log[data-next="0"]', { state: 'attached' });
  clean(record);
  await context.close();
});

test('an invalid edit shows the typed error, in Korean too, and nothing changes', async () => {
  const { page, record, context } = await open(browser);
  await page.waitForSelector('svg.diagram g.partition');
  await page.fill('#key', 'alice');
  await page.click('#produce');
  await page.waitForSelector('svg.diagram g.cell[data-key="alice"]');
  await openEditor(page, 'event');
  const before = await exported(page);
  await page.click('#edit-tab-event');

  let outcome = await submit(page, 'edit-add-topic', { name: 'audit', partitions: 1, replication_factor: 3 }, 'scenario');
  assert.equal(await outcome.getAttribute('role'), 'alert');
  assert.match(await outcome.textContent(), /replication_factor is 3; it must be between 1 and 1/);
  outcome = await submit(page, 'edit-add-topic', { name: 'orders', partitions: 1, replication_factor: 1 }, 'scenario');
  assert.match(await outcome.textContent(), /two topics are named "orders"/);
  outcome = await submit(page, 'edit-partitions', { topic: 'orders', partitions: 2 }, 'now');
  assert.equal(await outcome.getAttribute('role'), 'alert', 'partitions cannot shrink live');
  await page.click('.edit-list[data-kind="topic"] li[data-name="orders"] button.remove');
  await page.waitForSelector('#edit-add-topic-outcome[role="alert"]');
  assert.match(await page.textContent('#edit-add-topic-outcome'), /names topic "orders", which is not declared/);

  await page.click('#edit-tab-message');
  // Each section has its own fields: nothing typed in another one shows up here.
  assert.equal(await page.inputValue('#edit-add-binding [name="routing_key"]'), '');
  outcome = await submit(page, 'edit-add-queue', { name: 'q', 'x-dead-letter-routing-key': 'dead' });
  assert.equal(await outcome.getAttribute('role'), 'alert');
  assert.match(await outcome.textContent(), /x-dead-letter-routing-key/);
  outcome = await submit(page, 'edit-add-publisher', { name: 'p', headers: '[1, 2]' });
  assert.match(await outcome.textContent(), /headers: must be a JSON object/);

  await page.selectOption('#lang', 'ko');
  await page.waitForFunction(() => document.querySelector('#editor-title').textContent === '시나리오 편집');
  outcome = await submit(page, 'edit-add-consumer', { name: 'worker-1', queue: 'work' });
  assert.match(await outcome.textContent(), /메시지 브로커 클라이언트 두 개의 이름이 "worker-1"입니다/);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'editor-error-ko.png') });

  // Nothing changed: the same scenario, and the running world kept its record.
  assert.equal(await exported(page), before);
  assert.equal(await count(page, 'svg.diagram g.cell[data-key="alice"]'), 1);
  assert.equal(await count(page, 'svg.diagram g.partition'), 3);
  clean(record);
  await context.close();
});

test('message broker: exchanges, queues, bindings, publishers and consumers are added and removed', async () => {
  const { page, record, context } = await open(browser);
  await page.click('#tab-message');
  await page.waitForSelector('svg.diagram.message g.queue');
  await openEditor(page, 'message');

  await ok(page, 'edit-add-exchange', { name: 'billing', type: 'fanout', alternate: 'dlx', durable: true });
  // (The diagram draws an exchange once something uses it: the binding below.)
  await page.waitForSelector('.edit-list[data-kind="exchange"] li[data-name="billing"]');
  assert.match(await page.textContent('.edit-list[data-kind="exchange"] li[data-name="billing"]'), /fanout · alternate dlx/);

  await ok(page, 'edit-add-queue', {
    name: 'invoices', durable: false, 'x-queue-type': 'classic', 'x-message-ttl': 60000, 'x-max-length': 5,
    'x-overflow': 'reject-publish', 'x-dead-letter-exchange': 'dlx', 'x-max-priority': 9, 'x-single-active-consumer': true,
  });
  await page.waitForSelector('svg.diagram g.queue[data-queue="invoices"]');
  const args = await page.textContent('.edit-list[data-kind="queue"] li[data-name="invoices"]');
  for (const arg of ['transient', '"x-max-length":5', '"x-message-ttl":60000', '"x-overflow":"reject-publish"', '"x-max-priority":9', '"x-single-active-consumer":true']) {
    assert.ok(args.includes(arg), `${arg} in ${args}`);
  }

  await ok(page, 'edit-add-binding', { source: 'billing', destination: 'q:invoices', routing_key: '' });
  await page.waitForSelector('svg.diagram g.exchange[data-exchange="billing"]');
  await page.waitForSelector('svg.diagram line.binding[data-exchange="billing"][data-queue="invoices"]');

  await ok(page, 'edit-add-publisher', {
    name: 'accounts', exchange: 'billing', routing_keys: 'invoice.created', every_ms: 200, headers: '{"region": "eu"}',
    priority: 5, expiration_ms: 30000, persistent: true, mandatory: true, confirms: true,
  });
  await page.waitForSelector('svg.diagram g.publisher[data-publisher="accounts"]');

  await ok(page, 'edit-add-consumer', {
    name: 'clerk', queue: 'invoices', prefetch: 2, ack: 'manual', processing_ms: 100, failure_per_mille: 500, on_failure: 'reject',
  });
  await page.waitForSelector('svg.diagram g.consumer[data-consumer="clerk"]');
  assert.match(await page.textContent('.edit-list[data-kind="consumer"] li[data-name="clerk"]'), /prefetch 2 · manual ack · 100 ms · 500‰ → reject/);
  // The publisher runs on its own: invoices reach the clerk.
  await page.click('#editor-close');
  await page.waitForFunction(() => [...document.querySelectorAll('#event-log li')].some((li) => li.textContent.includes('clerk')),
    null, { timeout: 20000 });
  await openEditor(page, 'message');

  for (const [kind, name] of [['consumer', 'clerk'], ['publisher', 'accounts'], ['binding', 'billing → invoices'], ['queue', 'invoices'], ['exchange', 'billing']]) {
    await page.click(`.edit-list[data-kind="${kind}"] li[data-name="${name}"] button.remove`);
    await page.waitForSelector(`.edit-list[data-kind="${kind}"] li[data-name="${name}"]`, { state: 'detached' });
  }
  assert.equal(await count(page, 'svg.diagram g.consumer[data-consumer="clerk"]'), 0);
  assert.equal(await count(page, 'svg.diagram g.queue[data-queue="invoices"]'), 0);
  assert.equal(await count(page, 'svg.diagram g.exchange[data-exchange="billing"]'), 0);
  assert.equal(await count(page, 'svg.diagram g.queue'), 3, 'the built-in queues remain');
  clean(record);
  await context.close();
});

test('export then import gives the same scenario; bad JSON is refused with its line', async () => {
  const { page, record, context } = await open(browser);
  await page.waitForSelector('svg.diagram g.partition');
  await openEditor(page, 'event');
  await ok(page, 'edit-partitions', { topic: 'orders', partitions: 4 }, 'scenario');
  await page.click('#edit-tab-message');
  await ok(page, 'edit-add-queue', { name: 'extra', durable: true, 'x-max-length': 7 });
  const first = await exported(page);
  const doc = JSON.parse(first);
  assert.equal(doc.version, 1);
  assert.equal(doc.event_broker.topics[0].partitions, 4);
  assert.ok(doc.message_broker.definitions.queues.some((q) => q.name === 'extra' && q.arguments['x-max-length'] === 7));

  // A fresh page has the built-in scenario; importing the file restores the edited one.
  const second = await open(browser);
  await second.page.waitForSelector('svg.diagram g.partition');
  await openEditor(second.page, 'files');
  const file = path.join(SCREENSHOTS, 'exported-scenario.json');
  (await import('node:fs')).writeFileSync(file, first);
  await second.page.setInputFiles('#import-file', file);
  await second.page.waitForSelector('#edit-import-outcome[role="status"]');
  await waitCount(second.page, 'svg.diagram g.partition', 4);
  assert.equal(await exported(second.page), first, 'the round trip is exact');

  // Bad JSON pasted: a typed error with the line, and nothing changes.
  await second.page.fill('#import-text', '{\n  "version": 1,\n  "event_broker": {"brokers": "three"}\n}');
  await second.page.click('#import-paste');
  await second.page.waitForSelector('#edit-import-outcome[role="alert"]');
  assert.match(await second.page.textContent('#edit-import-outcome'), /line 3/);
  await second.page.fill('#import-text', '{"version": 7}');
  await second.page.click('#import-paste');
  await second.page.waitForFunction(() => /version 7/.test(document.querySelector('#edit-import-outcome').textContent));
  assert.equal(await exported(second.page), first, 'a refused import changes nothing');
  clean(record);
  clean(second.record);
  await second.context.close();
  await context.close();
});

test('a RabbitMQ definitions.json becomes the message broker topology', async () => {
  const { page, record, context } = await open(browser);
  await page.click('#tab-message');
  await page.waitForSelector('svg.diagram.message g.queue');
  await openEditor(page, 'files');
  await page.setInputFiles('#import-definitions', DEFINITIONS);
  await page.waitForSelector('#edit-import-outcome[role="status"]');
  const said = await page.textContent('#edit-import-outcome');
  assert.match(said, /Imported 3 exchanges, 3 queues and 4 bindings/);
  assert.match(said, /users: 1/);
  for (const x of ['payments', 'payments.unrouted', 'payments.dlx']) {
    await page.waitForSelector(`svg.diagram g.exchange[data-exchange="${x}"]`);
  }
  for (const q of ['payments.settle', 'payments.audit', 'payments.failed']) {
    await page.waitForSelector(`svg.diagram g.queue[data-queue="${q}"]`);
  }
  assert.equal(await count(page, 'svg.diagram g.queue[data-queue="work"]'), 0, 'the old topology is gone');
  await page.waitForSelector('svg.diagram line.binding[data-exchange="payments"][data-queue="payments.settle"]');
  await page.waitForSelector('svg.diagram line.binding[data-exchange="payments.unrouted"][data-queue="payments.audit"]');
  assert.equal(await count(page, 'svg.diagram line.binding'), 4);
  await page.click('#edit-tab-message');
  assert.match(await page.textContent('.edit-list[data-kind="exchange"] li[data-name="payments"]'), /topic · alternate payments.unrouted/);
  // A file that is not definitions is refused and the topology stays.
  await page.click('#edit-tab-files');
  await page.fill('#import-text', '{"queues": [{"name": 3}]}');
  await page.click('#import-paste-definitions');
  await page.waitForSelector('#edit-import-outcome[role="alert"]');
  assert.equal(await count(page, 'svg.diagram g.queue'), 3);
  clean(record);
  await context.close();
});

test('the share link carries the open lesson and its step, and restores them exactly', async () => {
  const { page, record, context } = await open(browser);
  await page.click('button.lesson[data-lesson="acks"]');
  await page.waitForSelector('.lessons li.open .steps');
  await page.click('.lessons .lesson-next');
  await page.click('.lessons .lesson-next');
  await page.waitForFunction(() => /\.acks\.2$/.test(location.hash));
  const steps = await page.textContent('.lessons .step-count');
  assert.match(steps, /^3 \//);
  const current = await page.textContent('.lessons .step.current');
  await openEditor(page, 'message');
  const scenario = await exported(page);
  await page.click('#editor-close');
  await page.click('#share');
  await page.waitForSelector('#share-link');
  const link = await page.inputValue('#share-link');
  assert.match(link, /#v2\.[A-Za-z0-9_-]+\.acks\.2$/);

  const other = await open(browser, new URL(link).hash);
  await other.page.waitForSelector('.lessons li.open .steps');
  assert.equal(await other.page.getAttribute('button.lesson[data-lesson="acks"]', 'aria-expanded'), 'true');
  assert.equal(await other.page.textContent('.lessons .step-count'), steps);
  assert.equal(await other.page.textContent('.lessons .step.current'), current);
  assert.equal(await other.page.getAttribute('#tab-message', 'aria-selected'), 'true');
  await openEditor(other.page, 'message');
  assert.equal(await exported(other.page), scenario, 'the same scenario');
  clean(other.record);
  await other.context.close();

  // The iframe player takes the same fragment and opens the lesson at that step.
  const embedded = await open(browser, '/embed.html' + new URL(link).hash);
  await embedded.page.waitForSelector('.lessons .step-count');
  assert.equal(await embedded.page.textContent('.lessons .step-count'), steps);
  assert.equal(await embedded.page.textContent('.lessons .step.current'), current);
  clean(embedded.record);
  await embedded.context.close();

  // Crafted lesson fragments: a readable notice and the default page.
  const body = new URL(link).hash.split('.')[1];
  for (const fragment of [`#v2.${body}.no-such-lesson.0`, `#v2.${body}.acks.99`, `#v2.${body}.acks`, `#v2.${body}.<b>.1`, '#v3.abc']) {
    const p = await open(browser, '/' + fragment);
    await p.page.waitForSelector('.notice[role="status"]');
    assert.ok((await p.page.locator('.notice').textContent()).length > 20, fragment.slice(0, 40));
    await p.page.waitForSelector('svg.diagram g.partition');
    assert.equal(await p.page.locator('.lessons li.open').count(), 0, 'no lesson open');
    clean(p.record);
    await p.context.close();
  }
  clean(record);
  await context.close();
});

test('screenshots of the editor in light and dark, English and Korean', async () => {
  for (const [lang, theme] of [['en', 'light'], ['en', 'dark'], ['ko', 'light'], ['ko', 'dark']]) {
    const { page, record, context } = await open(browser);
    await page.waitForSelector('#lang');
    await page.selectOption('#lang', lang);
    // system → light → dark
    await page.click('#theme');
    if (theme === 'dark') await page.click('#theme');
    await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
    await openEditor(page, 'event');
    await page.screenshot({ path: path.join(SCREENSHOTS, `editor-event-${lang}-${theme}.png`) });
    await page.click('#edit-tab-message');
    await page.screenshot({ path: path.join(SCREENSHOTS, `editor-message-${lang}-${theme}.png`) });
    await page.click('#edit-tab-files');
    await page.screenshot({ path: path.join(SCREENSHOTS, `editor-files-${lang}-${theme}.png`) });
    clean(record);
    await context.close();
  }
});
