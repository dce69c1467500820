// The inspector, the filterable event log and its links: clicking (or focusing and pressing
// Enter/Space on) anything in the diagrams shows its full state, checked against what the
// diagram itself shows and against the independent JavaScript murmur2; the log filters by
// broker and kind, links to the inspector, and "go to this moment" moves the clock there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, open, kafkaPartition, SCREENSHOTS, clean, BUSY, fragmentFor } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const field = (page, name) => page.$eval(`#inspector [data-field="${name}"] dd`, (d) => d.textContent);
const fields = (page, name) => page.$$eval(`#inspector [data-field="${name}"] dd`, (ds) => ds.map((d) => d.textContent));
const listItems = (page, name) => page.$$eval(`#inspector [data-list="${name}"] li`, (ls) => ls.map((l) => l.textContent));

async function inspect(page, selector, subject) {
  await page.click(selector);
  await page.waitForSelector(`#inspector[data-subject="${subject}"]`);
}

async function pause(page) {
  if (await page.$eval('#play', (b) => b.getAttribute('aria-pressed')) === 'false') {
    await page.click('#play');
  }
  await page.waitForFunction(() => document.querySelector('#play').getAttribute('aria-pressed') === 'true');
}

test('event broker: a record, a partition, a member and the producer, by mouse and keyboard', async () => {
  const { page, record, context } = await open(browser);
  await page.waitForSelector('#scrubber');
  await page.selectOption('#speed', '4');
  const keys = ['alice', 'bob', 'carol', 'dave'];
  for (const key of keys) {
    await page.fill('#key', key);
    await page.click('#produce');
  }
  await page.waitForFunction(() => document.querySelectorAll('svg.diagram g.cell').length === 4);
  // Let the group read and commit everything, then hold still.
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid^="partition-stats-"]')]
    .every((r) => r.dataset.leo === '0' || r.dataset.committed === r.dataset.leo));
  await pause(page);

  // A record: its partition is the one Kafka's partitioner gives its key (JS murmur2).
  const bobPartition = kafkaPartition('bob', 3);
  const bobCell = `svg.diagram g.cell[data-key="bob"]`;
  const bobOffset = await page.$eval(bobCell, (c) => c.dataset.offset);
  await inspect(page, bobCell, `record/orders/${bobPartition}/${bobOffset}`);
  assert.equal(await field(page, 'key'), 'bob');
  assert.equal(await field(page, 'partition'), String(bobPartition));
  assert.equal(await field(page, 'offset'), bobOffset);
  assert.equal(await field(page, 'topic'), 'orders');
  assert.equal(await field(page, 'replicas'), 'b0');
  assert.equal(await field(page, 'visible'), 'yes');
  assert.equal(await field(page, 'committed-by'), 'payment', 'the group committed past it (lag 0)');

  // A partition: the same offsets the diagram and the stats table show.
  const p = kafkaPartition('alice', 3);
  const strip = await page.$eval(`svg.diagram g.partition[data-partition="${p}"]`, (g) => ({ ...g.dataset }));
  await inspect(page, `[data-inspect="partition/orders/${p}"]`, `partition/orders/${p}`);
  assert.equal(await field(page, 'hw'), strip.hw);
  assert.equal(await field(page, 'leo'), strip.leo);
  assert.equal(await field(page, 'log-start'), strip.logStart);
  assert.equal(await field(page, 'leader'), 'b0');
  assert.equal(await field(page, 'isr'), 'b0');
  const expected = keys.filter((k) => kafkaPartition(k, 3) === p).length;
  assert.equal(Number(strip.leo), expected, 'the diagram agrees with murmur2 too');

  // The group member, opened with the keyboard (Space must not also play).
  await page.focus('[data-inspect="member/payment/0"]');
  await page.keyboard.press(' ');
  await page.waitForSelector('#inspector[data-subject="member/payment/0"]');
  assert.equal(await page.$eval('#play', (b) => b.getAttribute('aria-pressed')), 'true', 'still paused');
  assert.equal(await field(page, 'state'), 'running');
  assert.equal(await field(page, 'assignment'), 'orders P0, orders P1, orders P2');
  const generation = await page.$eval('svg.diagram g.group[data-group="payment"]', (g) => g.dataset.generation);
  assert.equal(await field(page, 'generation'), generation);
  assert.equal(await field(page, 'processing-ms'), '250 ms');

  // A partition, by Tab-reachable focus and Enter.
  assert.equal(await page.$eval('[data-inspect="partition/orders/1"]', (e) => e.getAttribute('tabindex')), '0');
  await page.focus('[data-inspect="partition/orders/1"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#inspector[data-subject="partition/orders/1"]');

  await inspect(page, '[data-inspect="producer/shop"]', 'producer/shop');
  assert.equal(await field(page, 'partitioner'), 'default');
  assert.equal(await field(page, 'acks'), 'all');
  await inspect(page, '[data-inspect="group/payment"]', 'group/payment');
  assert.equal(await field(page, 'assignor'), 'range');
  assert.equal(await field(page, 'state'), 'stable');
  await page.click('#inspector-close');
  await page.waitForSelector('#inspector.empty');
  clean(record);
  await context.close();
});

test('message broker: dead letters with x-death, a consumer, an exchange, a binding, and a message that goes away', async () => {
  const { page, record, context } = await open(browser);
  await page.waitForSelector('#scrubber');
  await page.click('button.lesson[data-lesson="acks"]');
  await page.waitForSelector('[data-inspect="queue/dead-letters"]');
  await page.selectOption('#speed', '8');
  await page.click('.lessons .lesson-action'); // Send 10: tasks holds at most 5
  await page.waitForFunction(() => Number(document.querySelector('g.queue[data-queue="dead-letters"]').dataset.ready) > 0);
  await pause(page);

  // The dead-letters queue lists its messages; the first one carries x-death from tasks.
  const ready = await page.$eval('g.queue[data-queue="dead-letters"]', (g) => g.dataset.ready);
  await inspect(page, '[data-inspect="queue/dead-letters"]', 'queue/dead-letters');
  assert.equal(await field(page, 'ready'), ready, 'the same count as the diagram');
  const messages = await page.$$eval('#inspector [data-list="messages"] button', (bs) => bs.map((b) => b.dataset.inspect));
  assert.equal(messages.length, Number(ready));
  await inspect(page, '#inspector [data-list="messages"] button', messages[0]);
  assert.equal(await field(page, 'routing-key'), '"tasks"');
  assert.equal(await field(page, 'persistent'), 'yes');
  const deaths = await listItems(page, 'x-death');
  assert.equal(deaths.length, 1);
  assert.match(deaths[0], /queue: "tasks"/);
  assert.match(deaths[0], /reason: "(maxlen|rejected)"/);
  assert.match(deaths[0], /count: 1/);
  assert.match(deaths[0], /exchange: ""/);
  assert.match(deaths[0], /routing-keys: \["tasks"\]/);
  assert.deepEqual(await fields(page, 'redelivered'), ['no']);
  assert.deepEqual(await fields(page, 'ttl-remaining'), ['no TTL']);

  // A consumer: its settings from the lesson, its unacked tags as many as the diagram shows.
  const unacked = await page.$eval('g.consumer[data-consumer="strict"]', (g) => Number(g.dataset.unacked));
  await inspect(page, '[data-inspect="consumer/strict"]', 'consumer/strict');
  assert.equal(await field(page, 'queue'), 'tasks');
  assert.equal(await field(page, 'prefetch'), '1');
  assert.equal(await field(page, 'ack-mode'), 'manual');
  assert.match(await field(page, 'failures'), /400‰ → reject/);
  const tags = await field(page, 'unacked-tags');
  assert.equal(tags === '–' ? 0 : tags.split(', ').length, unacked);

  await inspect(page, '[data-inspect="exchange/dlx"]', 'exchange/dlx');
  assert.equal(await field(page, 'type'), 'fanout');
  assert.deepEqual(await listItems(page, 'bindings'), ['→ dead-letters ""']);
  await inspect(page, '[data-inspect="binding/dlx/dead-letters/"]', 'binding/dlx/dead-letters/');
  assert.equal(await field(page, 'source'), 'dlx (fanout)');
  assert.equal(await field(page, 'destination'), 'dead-letters (queue)');

  // A message still in tasks: once processed it no longer exists, and the inspector says so.
  await page.waitForSelector('g.queue[data-queue="tasks"] rect.msg');
  const id = await page.$eval('g.queue[data-queue="tasks"] rect.msg', (r) => r.dataset.message);
  await inspect(page, 'g.queue[data-queue="tasks"] rect.msg', `message/${id}`);
  assert.equal(await page.$eval('#inspector', (s) => s.classList.contains('gone')), false);
  await page.click('#play');
  await page.waitForSelector('#inspector.gone', { timeout: 60_000 });
  assert.match(await page.$eval('#inspector .gone-note', (p) => p.textContent), /no longer exists/);
  clean(record);
  await context.close();
});

test('the event log filters by kind and broker, links to the inspector and goes to a moment', async () => {
  const { page, record, context } = await open(browser);
  await page.waitForSelector('#scrubber');
  await page.selectOption('#speed', '4');
  for (const key of ['alice', 'bob', 'carol']) {
    await page.fill('#key', key);
    await page.click('#produce');
  }
  await page.waitForFunction(() => document.querySelectorAll('#event-log li[data-kind="record_appended"]').length === 3);
  await page.waitForFunction(() => document.querySelectorAll('#event-log li[data-kind="offset_committed"]').length > 0);
  await pause(page);

  await page.selectOption('#log-kind', 'record_appended');
  await page.waitForFunction(() => [...document.querySelectorAll('#event-log li')].every((l) => l.dataset.kind === 'record_appended'));
  const kinds = await page.$$eval('#event-log li', (ls) => ls.map((l) => l.dataset.kind));
  assert.deepEqual(kinds, ['record_appended', 'record_appended', 'record_appended']);
  assert.equal(await page.$eval('#log-count', (c) => c.dataset.shown), '3');
  assert.equal(await page.$eval('#log-count', (c) => c.dataset.total), '3');

  await page.selectOption('#log-broker', 'rabbitmq');
  await page.waitForFunction(() => document.querySelectorAll('#event-log li').length === 0);
  assert.equal(await page.$eval('#log-count', (c) => c.dataset.total), '0');
  await page.selectOption('#log-broker', 'kafka');
  await page.waitForFunction(() => document.querySelectorAll('#event-log li').length === 3);

  // Each entry's inspect link selects the record it is about; the record's key hashes (JS
  // murmur2) to the partition the link names, and the diagram shows that key at that offset.
  const subjects = await page.$$eval('#event-log li .inspect', (bs) => bs.map((b) => b.dataset.inspect));
  assert.equal(subjects.length, 3);
  for (const [i, subject] of subjects.entries()) {
    const [, topic, partition, offset] = subject.split('/');
    assert.equal(topic, 'orders');
    await page.$$eval('#event-log li .inspect', (bs, n) => bs[n].click(), i);
    await page.waitForSelector(`#inspector[data-subject="${subject}"]`);
    const key = await field(page, 'key');
    assert.equal(Number(partition), kafkaPartition(key, 3), `${key} is in P${partition}`);
    assert.equal(await page.$eval(`svg.diagram g.cell[data-partition="${partition}"][data-offset="${offset}"]`, (c) => c.dataset.key), key);
    assert.equal(await page.$$eval('#event-log li', (ls, n) => ls[n].classList.contains('selected'), i), true);
  }

  // Go to the moment of the oldest append: the clock moves there, later events leave the log.
  const at = await page.$$eval('#event-log li', (ls) => Number(ls[ls.length - 1].dataset.at));
  await page.selectOption('#log-kind', '');
  await page.selectOption('#log-broker', 'both');
  const before = await page.$$eval('#event-log li', (ls) => ls.length);
  await page.click(`#event-log li[data-kind="record_appended"][data-at="${at}"] .goto`);
  const clock = `t = ${(at / 1000).toFixed(3)}s`;
  await page.waitForFunction((want) => document.querySelector('.transport .clock').textContent === want, clock);
  const later = await page.$$eval('#event-log li', (ls, t) => ls.filter((l) => Number(l.dataset.at) > t).length, at);
  assert.equal(later, 0, 'nothing after the chosen moment is in the log');
  assert.ok(await page.$$eval('#event-log li', (ls) => ls.length) < before);
  assert.equal(await page.$eval('#play', (b) => b.getAttribute('aria-pressed')), 'true', 'paused there');
  clean(record);
  await context.close();
});

test('while playing the log draws its newest 30 lines; paused, up to 100, newest at the bottom', async () => {
  const { page, record, context } = await open(browser, BUSY);
  await page.waitForSelector('#scrubber');
  await page.selectOption('#speed', '4');
  // More lines than the live tail, with the simulation playing.
  await page.waitForFunction(() => Number(document.querySelector('#log-count')?.dataset.total) > 40, null, { timeout: 30_000 });
  const live = await page.$eval('#log-count', (c) => ({ live: c.dataset.live, shown: Number(c.dataset.shown), text: c.textContent }));
  assert.equal(live.live, 'true');
  assert.equal(live.shown, 30);
  assert.match(live.text, /the newest 30 while playing, up to 100 when paused/);
  assert.equal(await page.$$eval('#event-log li', (ls) => ls.length), 30);
  await pause(page);
  await page.waitForFunction(() => document.querySelector('#log-count').dataset.live === 'false');
  const paused = await page.$eval('#log-count', (c) => ({ shown: Number(c.dataset.shown), total: Number(c.dataset.total) }));
  assert.equal(paused.shown, Math.min(100, paused.total));
  assert.ok(paused.shown > 30, `paused, ${paused.shown} lines are shown`);
  const lines = await page.$$eval('#event-log li', (ls) => ls.map((l) => ({ at: Number(l.dataset.at), y: l.getBoundingClientRect().y })));
  assert.equal(lines.length, paused.shown);
  // DOM order is newest first; the column-reverse list puts the newest at the bottom.
  for (let i = 1; i < lines.length; i++) assert.ok(lines[i - 1].at >= lines[i].at, 'newest first in the DOM');
  assert.ok(lines[0].y > lines[lines.length - 1].y, 'the newest line is drawn below the oldest');
  clean(record);
  await context.close();
});

test('compare: the log mixes both brokers and filters them apart; the scrubber moves both', async () => {
  const { page, record, context } = await open(browser);
  await page.click('#tab-compare');
  await page.waitForSelector('#send-order');
  await page.click('#send-order');
  await page.click('#send-payment');
  await page.waitForFunction(() => document.querySelectorAll('#event-log li[data-broker="kafka"]').length > 0
    && document.querySelectorAll('#event-log li[data-broker="rabbitmq"]').length > 0);
  await pause(page);
  await page.selectOption('#log-broker', 'kafka');
  await page.waitForFunction(() => [...document.querySelectorAll('#event-log li')].every((l) => l.dataset.broker === 'kafka'));
  await page.selectOption('#log-broker', 'rabbitmq');
  await page.waitForFunction(() => [...document.querySelectorAll('#event-log li')].every((l) => l.dataset.broker === 'rabbitmq'));
  assert.ok(await page.$$eval('#event-log li', (ls) => ls.length) > 0);
  await inspect(page, '[data-inspect="queue/shop-tasks"]', 'queue/shop-tasks');
  await inspect(page, '[data-inspect="partition/shop-events/0"]', 'partition/shop-events/0');
  await page.$eval('#scrubber', (s) => { s.value = '0'; s.dispatchEvent(new Event('change', { bubbles: true })); });
  await page.waitForFunction(() => document.querySelector('.compare-tools .clock').textContent === 't = 0.000s');
  assert.equal(await page.$$eval('svg.diagram.event g.cell', (cs) => cs.length), 0, 'no records at time 0');
  clean(record);
  await context.close();
});

test('screenshots of the inspector: light and dark, English and Korean', async () => {
  for (const scheme of ['light', 'dark']) {
    for (const lang of ['en', 'ko']) {
      const { page, record, context } = await open(browser);
      await page.emulateMedia({ colorScheme: scheme });
      await page.selectOption('#lang', lang);
      await page.click('button.lesson[data-lesson="acks"]');
      await page.selectOption('#speed', '8');
      await page.click('.lessons .lesson-action');
      await page.waitForFunction(() => Number(document.querySelector('g.queue[data-queue="dead-letters"]').dataset.ready) > 0);
      await pause(page);
      await inspect(page, '[data-inspect="queue/dead-letters"]', 'queue/dead-letters');
      await inspect(page, '#inspector [data-list="messages"] button', await page.$eval('#inspector [data-list="messages"] button', (b) => b.dataset.inspect));
      await page.waitForSelector('#inspector [data-list="x-death"]');
      // Show the x-death entry: scroll the panel (only the panel) down to it.
      await page.$eval('#inspector', (panel) => { panel.scrollTop = panel.scrollHeight; });
      await page.waitForFunction(() => {
        const panel = document.querySelector('#inspector');
        const fits = panel.scrollHeight <= panel.clientHeight;
        return fits || (panel.scrollTop > 0 && panel.scrollTop + panel.clientHeight >= panel.scrollHeight - 1);
      });
      const heading = await page.$eval('#inspector h2', (h) => h.textContent);
      assert.equal(heading, lang === 'ko' ? '인스펙터' : 'Inspector');
      await page.screenshot({ path: `${SCREENSHOTS}/inspector-${scheme}-${lang}.png` });
      clean(record);
      await context.close();
    }
  }
});

test('consumer protocol (KIP-848): members reach a new group epoch one by one, and the inspector shows each epoch', async () => {
  const scenario = JSON.stringify(JSON.parse(readFileSync(new URL('../../core/tests/data/consumer_protocol.json', import.meta.url), 'utf8')));
  const { page, record, context } = await open(browser, `#v1.${Buffer.from(scenario).toString('base64url')}`);
  await page.waitForSelector('#scrubber');
  // Member 2 joins at 10 s: it is at the new epoch at once, the others at their next heartbeat
  // (up to 5 s later). Paused while they differ (if they converged before the pause took
  // effect, play on: member 0 crashes at 30 s and the epochs differ again).
  const apart = () => {
    const epochs = [...document.querySelectorAll('svg.diagram .group .member[data-epoch]')].map((m) => +m.dataset.epoch);
    return epochs.length >= 2 && new Set(epochs).size > 1;
  };
  for (let tries = 0; ; tries += 1) {
    await page.waitForFunction(apart, null, { timeout: 40_000 });
    await pause(page);
    if (await page.evaluate(apart)) break;
    assert.ok(tries < 3, 'paused while the members were at different epochs');
    await page.click('#play');
  }
  const heading = await page.$eval('svg.diagram .group[data-group="billing"] text', (t) => t.textContent);
  const members = await page.$$eval('svg.diagram .group .member[data-epoch]', (ms) => ms.map((m) => [m.dataset.member, +m.dataset.epoch]));
  const top = Math.max(...members.map(([, e]) => e));
  assert.match(heading, new RegExp(`billing · epoch ${top} ⟳`));
  const [behind, epoch] = members.find(([, e]) => e < top);
  await inspect(page, `svg.diagram .group .member[data-member="${behind}"]`, `member/billing/${behind}`);
  assert.equal(await field(page, 'member-epoch'), `${epoch} / ${top}`);
  // Then every member converges on the group epoch.
  await page.click('#play');
  await page.waitForFunction(() => {
    const epochs = [...document.querySelectorAll('svg.diagram .group .member[data-epoch]')].map((m) => +m.dataset.epoch);
    return epochs.length >= 2 && new Set(epochs).size === 1;
  }, null, { timeout: 30_000 });
  assert.doesNotMatch(await page.$eval('svg.diagram .group[data-group="billing"] text', (t) => t.textContent), /⟳/);
  clean(record);
  await context.close();
});

// A stream (R21) whose retention keeps about 60 bytes in segments of 30: whole segments go, the
// box marks the first offset kept with a dashed edge and its segments with thin marks; the
// inspector lists the offsets, segments, retention settings and readers, and a stream
// consumer's x-stream-offset and next offset; the log says retention removed a segment.
test('a stream past its retention: the retention edge, segments, and the inspector\'s stream rows', async () => {
  const doc = { version: 1, seed: 1, link_ms: 200, message_broker: {
    definitions: { queues: [{ name: 'events', vhost: '/', durable: true, auto_delete: false,
      arguments: { 'x-queue-type': 'stream', 'x-max-length-bytes': 60, 'x-stream-max-segment-size-bytes': 30 } }] },
    publishers: [{ name: 'shop', exchange: '', routing_keys: ['events'], every_ms: 300 }],
    consumers: [{ name: 'audit', queue: 'events', prefetch: 5, processing_ms: 100, stream_offset: 'first' }] } };
  const { page, record, context } = await open(browser, fragmentFor(doc));
  await page.click('#tab-message');
  await pause(page);
  await page.click('#skip');
  await page.waitForFunction(() => Number(document.querySelector('g.stream-log')?.dataset.first) > 0);
  const log = await page.$eval('g.stream-log', (g) => ({ first: Number(g.dataset.first), next: Number(g.dataset.next),
    edge: g.querySelector('.retention-edge')?.dataset.first, segments: g.querySelectorAll('.segment-edge').length }));
  assert.equal(log.edge, String(log.first), 'the dashed edge stands before the first offset kept');
  assert.ok(log.segments >= 1, 'a mark between segments');
  assert.match(await page.textContent('g.queue[data-queue="events"] text.sub'), new RegExp(`^log ${log.first}–${log.next - 1} · next ${log.next}$`));
  await inspect(page, 'g.queue[data-queue="events"] .inspectable', 'queue/events');
  assert.equal(await field(page, 'first-offset'), String(log.first));
  assert.equal(await field(page, 'next-offset'), String(log.next));
  assert.equal(await field(page, 'max-length-bytes'), '60 B');
  assert.match(await field(page, 'readers'), /^audit \d+$/);
  assert.equal((await listItems(page, 'log'))[0].split(' ')[0], String(log.next - 1), 'newest first');
  await inspect(page, 'g.consumer[data-consumer="audit"]', 'consumer/audit');
  assert.equal(await field(page, 'stream-offset'), '"first"');
  await page.waitForFunction(() => [...document.querySelectorAll('#event-log li')].some((li) => /retention removes a whole segment of stream events/.test(li.textContent)));
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(record.pageErrors, []);
  await context.close();
});
