// Every fault the page offers, in a real browser: kill and revive a Kafka broker (the leader
// moves, the ISR shrinks and comes back); crash, pause and revive a group member (the group
// rebalances); flood a producer; crash, pause and revive a consumer; restart the RabbitMQ
// broker (non-durable queues and transient messages go, durable queues keep persistent
// messages); close a consumer's channel while it holds unacked messages (they return to the
// queue and are redelivered).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, open, SCREENSHOTS, clean, fragmentFor } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// A share fragment (v1) for a scenario document.
const fragment = (doc) => '/' + fragmentFor(doc);

const KAFKA = {
  version: 1,
  seed: 3,
  link_ms: 100,
  event_broker: {
    brokers: 3,
    replica_lag_time_max_ms: 1000,
    topics: [{ name: 'orders', partitions: 2, replication_factor: 3 }],
    producers: [{ name: 'shop', topic: 'orders', every_ms: 300, keys: ['a', 'b', 'c'] }],
    groups: [{
      name: 'payment', topics: ['orders'], members: 2, auto_offset_reset: 'earliest', processing_ms: 50,
      session_timeout_ms: 6000, heartbeat_interval_ms: 1000, max_poll_interval_ms: 4000,
    }],
  },
};

const replicas = (page, p) => page.locator(`svg.diagram g.partition[data-partition="${p}"] .replicas`).textContent();
const generation = async (page) => Number(await page.getAttribute('g.group[data-group="payment"]', 'data-generation'));
const memberState = (page, m) => page.getAttribute(`g.group[data-group="payment"] .member[data-member="${m}"]`, 'data-state');

test('kill the leader broker: the leader moves and the ISR shrinks; revive it: the ISR is whole again', async () => {
  const { page, record, context } = await open(browser, fragment(KAFKA));
  await page.waitForSelector('svg.diagram g.partition .replicas');
  await page.selectOption('#speed', '8');
  const before = await replicas(page, 0);
  const [, leader] = before.match(/leader b(\d+) · ISR (b\d,b\d,b\d)$/) ?? assert.fail(`replicas: ${before}`);
  await page.click(`.broker-fault[data-broker="${leader}"]`);
  await page.waitForSelector(`g.broker[data-broker="${leader}"][data-alive="false"]`);
  // A new leader among the survivors, and the dead broker leaves the ISR.
  await page.waitForFunction((l) => {
    const text = document.querySelector('g.partition[data-partition="0"] .replicas').textContent;
    const m = text.match(/leader b(\d+) · ISR (.*)$/);
    return m && m[1] !== l && !m[2].split(',').includes(`b${l}`);
  }, leader, { timeout: 20000 });
  await page.screenshot({ path: path.join(SCREENSHOTS, 'faults-broker-killed.png') });

  await page.click(`.broker-fault[data-broker="${leader}"]`);
  await page.waitForSelector(`g.broker[data-broker="${leader}"][data-alive="true"]`);
  await page.waitForFunction((l) => {
    const text = document.querySelector('g.partition[data-partition="0"] .replicas').textContent;
    return /ISR b\d,b\d,b\d$/.test(text) && text.includes(`b${l}`);
  }, leader, { timeout: 30000 });
  clean(record);
  await context.close();
});

test('crash, pause and revive a group member: each change rebalances the group', async () => {
  const { page, record, context } = await open(browser, fragment(KAFKA));
  await page.waitForSelector('g.group[data-group="payment"] .member[data-member="1"]');
  await page.selectOption('#speed', '8');
  await page.waitForFunction(() => Number(document.querySelector('g.group[data-group="payment"]').dataset.generation) >= 1);
  await page.waitForFunction(() => [...document.querySelectorAll('g.group[data-group="payment"] .member')].every((m) => m.dataset.state === 'running'));
  let gen = await generation(page);

  // Crash: heartbeats stop; after the session timeout the group rebalances without it.
  await page.click('.member-fault[data-group="payment"][data-member="0"]');
  assert.equal(await memberState(page, 0), 'crashed');
  await page.waitForFunction((g) => Number(document.querySelector('g.group[data-group="payment"]').dataset.generation) > g, gen, { timeout: 30000 });
  gen = await generation(page);
  await page.click('.member-fault[data-group="payment"][data-member="0"]'); // revive
  await page.waitForFunction(() => document.querySelector('g.group[data-group="payment"] .member[data-member="0"]').dataset.state === 'running');
  await page.waitForFunction((g) => Number(document.querySelector('g.group[data-group="payment"]').dataset.generation) > g, gen, { timeout: 30000 });
  gen = await generation(page);

  // Pause: it stops polling; past max.poll.interval.ms it leaves and the group rebalances.
  await page.click('.member-pause[data-group="payment"][data-member="1"]');
  await page.waitForFunction(() => document.querySelector('g.group[data-group="payment"] .member[data-member="1"]').dataset.state === 'paused');
  await page.waitForFunction((g) => Number(document.querySelector('g.group[data-group="payment"]').dataset.generation) > g, gen, { timeout: 30000 });
  gen = await generation(page);
  await page.click('.member-fault[data-group="payment"][data-member="1"]'); // revive
  await page.waitForFunction(() => document.querySelector('g.group[data-group="payment"] .member[data-member="1"]').dataset.state === 'running');
  await page.waitForFunction((g) => Number(document.querySelector('g.group[data-group="payment"]').dataset.generation) > g, gen, { timeout: 30000 });
  clean(record);
  await context.close();
});

test('flood a producer: twenty records land at once', async () => {
  const quiet = structuredClone(KAFKA);
  delete quiet.event_broker.producers[0].every_ms;
  const { page, record, context } = await open(browser, fragment(quiet));
  await page.waitForSelector('#flood-producer');
  const leo = () => page.$$eval('svg.diagram g.partition', (ps) => ps.reduce((sum, p) => sum + Number(p.dataset.leo), 0));
  assert.equal(await leo(), 0);
  await page.click('#flood-producer');
  await page.waitForFunction(() => [...document.querySelectorAll('svg.diagram g.partition')].reduce((s, p) => s + Number(p.dataset.leo), 0) === 20,
    null, { timeout: 20000 });
  clean(record);
  await context.close();
});

const definitions = (queues, bindings = []) => ({
  exchanges: [{ name: 'all', vhost: '/', type: 'fanout', durable: true, auto_delete: false, internal: false, arguments: {} }],
  queues: queues.map(([name, durable]) => ({ name, vhost: '/', durable, auto_delete: false, arguments: {} })),
  bindings: bindings.map(([source, destination]) => ({ source, vhost: '/', destination, destination_type: 'queue', routing_key: '', arguments: {} })),
});

const restartScenario = (persistent) => ({
  version: 1,
  event_broker: KAFKA.event_broker,
  message_broker: {
    definitions: definitions([['kept', true], ['temp', false]], [['all', 'kept'], ['all', 'temp']]),
    publishers: [{ name: 'mover', exchange: 'all', persistent }],
    consumers: [],
  },
});

const queue = (page, name) => page.locator(`svg.diagram g.queue[data-queue="${name}"]`);
const ready = async (page, name) => Number(await queue(page, name).getAttribute('data-ready'));

for (const persistent of [true, false]) {
  test(`restart the RabbitMQ broker: the non-durable queue goes, the durable one keeps ${persistent ? 'persistent' : 'no transient'} messages`, async () => {
    const { page, record, context } = await open(browser, fragment(restartScenario(persistent)));
    await page.click('#tab-message');
    await page.waitForSelector('svg.diagram g.queue[data-queue="temp"]');
    await page.selectOption('#speed', '8');
    for (let i = 0; i < 3; i++) await page.click('#publish');
    await page.waitForFunction(() => ['kept', 'temp'].every((q) => document.querySelector(`g.queue[data-queue="${q}"]`).dataset.ready === '3'),
      null, { timeout: 20000 });
    await page.click('#restart-broker');
    await page.waitForFunction(() => [...document.querySelectorAll('#event-log li')].some((li) => li.dataset.kind === 'broker_restarted'));
    await page.waitForSelector('svg.diagram g.queue[data-queue="temp"]', { state: 'detached' });
    assert.equal(await ready(page, 'kept'), persistent ? 3 : 0);
    if (persistent) await page.screenshot({ path: path.join(SCREENSHOTS, 'faults-rabbitmq-restarted.png') });
    clean(record);
    await context.close();
  });
}

const CONSUMERS = {
  version: 1,
  event_broker: KAFKA.event_broker,
  message_broker: {
    definitions: definitions([['jobs', true], ['tasks', true]]),
    publishers: [
      { name: 'jobs-pub', exchange: '', routing_keys: ['jobs'] },
      { name: 'tasker', exchange: '', routing_keys: ['tasks'], every_ms: 300 },
    ],
    consumers: [
      // Holds what it gets: its deliveries stay unacked.
      { name: 'slow', queue: 'jobs', prefetch: 3, processing_ms: 600000 },
      { name: 'worker', queue: 'tasks', prefetch: 1, processing_ms: 200 },
    ],
  },
};

const consumer = (page, name) => page.locator(`svg.diagram g.consumer[data-consumer="${name}"]`);
const control = (page, name, button) => page.click(`.consumer-control[data-consumer="${name}"] button.${button}`);
const waitState = (page, name, state) =>
  page.waitForSelector(`svg.diagram g.consumer[data-consumer="${name}"][data-state="${state}"]`, { timeout: 20000 });

test('crash, pause and revive a consumer', async () => {
  const { page, record, context } = await open(browser, fragment(CONSUMERS));
  await page.click('#tab-message');
  await page.waitForSelector('svg.diagram g.consumer[data-consumer="worker"]');
  await page.selectOption('#speed', '4');
  await page.waitForFunction(() => [...document.querySelectorAll('#event-log li')].some((li) => li.dataset.kind === 'settle_sent' && li.textContent.includes('worker')),
    null, { timeout: 20000 });
  await control(page, 'worker', 'crash');
  await waitState(page, 'worker', 'down');
  // Its unacked delivery went back; tasks pile up while it is down.
  await page.waitForFunction(() => Number(document.querySelector('g.queue[data-queue="tasks"]').dataset.ready) >= 2, null, { timeout: 20000 });
  assert.equal(await queue(page, 'tasks').getAttribute('data-unacked'), '0');
  await control(page, 'worker', 'crash'); // revive
  await waitState(page, 'worker', 'running');
  await control(page, 'worker', 'pause');
  await waitState(page, 'worker', 'paused');
  // Paused, it keeps its one unacked delivery and acks nothing.
  await page.waitForFunction(() => document.querySelector('g.consumer[data-consumer="worker"]').dataset.unacked === '1', null, { timeout: 20000 });
  await control(page, 'worker', 'pause'); // resume
  await waitState(page, 'worker', 'running');
  clean(record);
  await context.close();
});

test('flood a publisher, then close a consumer channel with unacked messages: they return to ready and are redelivered', async () => {
  const { page, record, context } = await open(browser, fragment(CONSUMERS));
  await page.click('#tab-message');
  await page.waitForSelector('svg.diagram g.consumer[data-consumer="slow"]');
  await page.selectOption('#speed', '4');
  await page.fill('#routing-key', 'jobs');
  for (let i = 0; i < 3; i++) await page.click('#publish');
  await page.waitForFunction(() => document.querySelector('g.consumer[data-consumer="slow"]').dataset.unacked === '3', null, { timeout: 20000 });
  await page.click('#flood');
  await page.waitForFunction(() => document.querySelector('g.queue[data-queue="jobs"]').dataset.ready === '20', null, { timeout: 20000 });
  assert.equal(await queue(page, 'jobs').getAttribute('data-unacked'), '3');

  await control(page, 'slow', 'close-channel');
  await waitState(page, 'slow', 'down');
  await page.waitForFunction(() => {
    const q = document.querySelector('g.queue[data-queue="jobs"]').dataset;
    return q.ready === '23' && q.unacked === '0';
  }, null, { timeout: 20000 });
  assert.equal(await consumer(page, 'slow').getAttribute('data-unacked'), '0');
  await control(page, 'slow', 'crash'); // revive on a new channel
  await waitState(page, 'slow', 'running');
  // The three come back first, marked redelivered. Paused, the log shows up to 100 lines (while
  // playing only the newest 30, which the flood's lines can push them out of).
  await page.waitForFunction(() => document.querySelector('g.consumer[data-consumer="slow"]').dataset.unacked === '3', null, { timeout: 20000 });
  await page.click('#play');
  await page.waitForFunction(() => document.querySelector('#play').getAttribute('aria-pressed') === 'true');
  await page.waitForFunction(() => [...document.querySelectorAll('#event-log li')]
    .filter((li) => li.textContent.includes('slow') && li.textContent.includes('redelivered')).length >= 3, null, { timeout: 20000 });
  clean(record);
  await context.close();
});

test('with several publishers, Publish and Flood use the one chosen, through its exchange', async () => {
  const { page, record, context } = await open(browser, fragment({
    version: 1,
    event_broker: KAFKA.event_broker,
    message_broker: {
      definitions: definitions([['fanned', true], ['direct', true]], [['all', 'fanned']]),
      publishers: [{ name: 'fan', exchange: 'all' }, { name: 'plain', exchange: '' }],
      consumers: [],
    },
  }));
  await page.click('#tab-message');
  await page.waitForSelector('#publisher');
  assert.deepEqual(await page.$$eval('#publisher option', (os) => os.map((o) => o.textContent.trim())),
    ['fan → all', 'plain → (default exchange)']);
  await page.selectOption('#speed', '8');
  // The default exchange routes by queue name: "direct" gets it, the fanout's queue does not.
  await page.selectOption('#publisher', 'plain');
  await page.fill('#routing-key', 'direct');
  await page.click('#publish');
  await page.waitForFunction(() => document.querySelector('g.queue[data-queue="direct"]').dataset.ready === '1', null, { timeout: 20000 });
  assert.equal(await ready(page, 'fanned'), 0);
  // Back to the fanout publisher: its flood fills the bound queue only.
  await page.selectOption('#publisher', 'fan');
  await page.click('#flood');
  await page.waitForFunction(() => document.querySelector('g.queue[data-queue="fanned"]').dataset.ready === '20', null, { timeout: 20000 });
  assert.equal(await ready(page, 'direct'), 1);
  clean(record);
  await context.close();
});

/// RabbitMQ on three nodes (R20) with a quorum queue: its leader and followers under its box;
/// stopping the leader's node elects a new leader; stopping a second leaves no majority, no
/// leader; starting a node brings a leader back.
const QUORUM = {
  version: 1, seed: 5, link_ms: 100,
  event_broker: { topics: [{ name: 'orders', partitions: 1 }] },
  message_broker: {
    nodes: 3,
    definitions: { queues: [{ name: 'orders', vhost: '/', durable: true, auto_delete: false, arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 3 } }] },
    publishers: [{ name: 'shop', exchange: '', routing_keys: ['orders'], confirms: true }],
    consumers: [{ name: 'worker', queue: 'orders', prefetch: 1, processing_ms: 300 }],
  },
};

test('quorum queue on three nodes: stop the leader node, a new leader; stop a second, no leader; start one, a leader again', async () => {
  const { page, record, context } = await open(browser, fragment(QUORUM));
  await page.click('#tab-message');
  await page.waitForSelector('svg.diagram.message g.rabbit-node');
  assert.equal(await page.locator('svg.diagram.message g.rabbit-node').count(), 3);
  const line = () => page.locator('g.queue[data-queue="orders"] .replicas').textContent();
  assert.equal(await line(), 'quorum · leader n1 · n2 n3');
  await page.click('.node-fault[data-node="1"]');
  await page.waitForSelector('g.rabbit-node[data-node="1"][data-running="false"]');
  assert.equal(await line(), 'quorum · leader n2 · n1✕ n3');
  await page.click('.node-fault[data-node="2"]');
  await page.waitForSelector('g.queue[data-queue="orders"] .replicas[data-leader="false"]');
  assert.equal(await line(), 'quorum · no leader: 1 of 3 up');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'quorum-no-leader.png') });
  // The inspector says the same: no leader, the members with the stopped ones marked.
  await page.click('g.queue[data-queue="orders"] .inspectable');
  await page.waitForSelector('#inspector[data-subject="queue/orders"]');
  assert.equal(await page.$eval('#inspector [data-field="leader"] dd', (d) => d.textContent), 'none (offline)');
  assert.equal(await page.$eval('#inspector [data-field="members"] dd', (d) => d.textContent), 'n1 (down), n2 (down), n3');
  await page.click('.node-fault[data-node="1"]');
  await page.waitForSelector('g.queue[data-queue="orders"] .replicas[data-leader="true"]');
  clean(record);
  await context.close();
});

/// A RabbitMQ stream (R21) drawn as a log: publishes append, two consumers each read every
/// message from their own offset, and acking removes nothing: the log keeps all five.
const STREAM = {
  version: 1, seed: 7, link_ms: 100,
  event_broker: { topics: [{ name: 'orders', partitions: 1 }] },
  message_broker: {
    definitions: { queues: [{ name: 'events', vhost: '/', durable: true, auto_delete: false, arguments: { 'x-queue-type': 'stream' } }] },
    publishers: [{ name: 'shop', exchange: '', routing_keys: ['events'], confirms: true }],
    consumers: [
      { name: 'audit', queue: 'events', prefetch: 2, processing_ms: 50, stream_offset: 'first' },
      { name: 'mailer', queue: 'events', prefetch: 1, processing_ms: 50, stream_offset: 0 },
    ],
  },
};

test('a stream is drawn as a log: five publishes stay in it, and each consumer reads all five at its own offset', async () => {
  const { page, record, context } = await open(browser, fragment(STREAM));
  await page.click('#tab-message');
  await page.waitForSelector('g.queue[data-queue="events"] g.stream-log', { state: 'attached' });
  await page.selectOption('#speed', '4');
  await page.fill('#routing-key', 'events');
  for (let i = 0; i < 5; i++) await page.click('#publish');
  await page.waitForFunction(() => document.querySelectorAll('g.queue[data-queue="events"] rect.log-cell').length === 5, null, { timeout: 20000 });
  await page.waitForFunction(() => [...document.querySelectorAll('g.queue[data-queue="events"] .reader-tick')].map((t) => t.dataset.next).join() === '5,5',
    null, { timeout: 20000 });
  assert.match(await page.textContent('g.queue[data-queue="events"] .sub'), /^log 0–4 · next 5$/);
  for (const c of ['audit', 'mailer']) {
    assert.match(await page.textContent(`g.consumer[data-consumer="${c}"] .sub`), /at offset 5$/);
  }
  await page.screenshot({ path: path.join(SCREENSHOTS, 'stream-log.png') });
  clean(record);
  await context.close();
});
