// Every lesson: load it, walk through its steps doing what each step offers, and check the
// state the lesson teaches, in a real browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, open, SCREENSHOTS } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// Opens the lesson and runs every step: its action, then the next step. No pauses: where a
/// lesson's point needs the model to run on between steps, its hooks wait for what the learner
/// would wait for. `before[i]` / `after[i]` run before and after step i's action: a learner who
/// waits for what the step describes, and a test that notes what the action caused while it
/// is on screen.
async function walk(page, id, { before = {}, after = {} } = {}) {
  await page.click(`button.lesson[data-lesson="${id}"]`);
  await page.waitForSelector('.lessons li.open .steps');
  const speed = await page.$('#speed');
  if (speed) await page.selectOption('#speed', '8');
  for (let i = 0; ; i += 1) {
    await before[i]?.(page);
    const action = await page.$('.lessons .lesson-action');
    if (action) await action.click();
    await after[i]?.(page);
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
    // The consumer protocol (KIP-848): member 0 left; the broker raised the group epoch and
    // the members still running revoked nothing on the way.
    await page.waitForFunction(() => [...document.querySelectorAll('#event-log li')]
      .some((li) => /consumer's coordinator raises the group epoch to \d+ \(a member left\)/.test(li.textContent)), null, { timeout: 20000 });
    const revoked = await page.$$eval('#event-log li', (lis) => lis.map((li) => li.textContent).filter((t) => /consumer member [12] revokes/.test(t)));
    assert.deepEqual(revoked, [], 'no running consumer-protocol member revokes a partition');
  },
  replay: async (page, seen) => {
    // Segments expired before the new groups joined (see the hooks below): audit (earliest)
    // began at the log start, past offset 0; alerts (latest) began at the log end, later.
    const logStart = await page.$eval('g.partition[data-partition="0"]', (g) => Number(g.dataset.logStart));
    assert.ok(seen.audit > 0 && seen.audit <= logStart, `audit starts at the log start (${seen.audit}, log start now ${logStart})`);
    assert.ok(seen.alerts > seen.audit, `alerts starts at the log end (${seen.alerts} > ${seen.audit})`);
    // Back to the seek step and seek again: payment reads again from the log start.
    for (let i = 0; i < 3; i += 1) await page.click('.lessons .lesson-back');
    await page.click('.lessons .lesson-action');
    await page.waitForFunction(() => {
      const start = Number(document.querySelector('g.partition[data-partition="0"]').dataset.logStart);
      return [...document.querySelectorAll('#event-log li')].some((li) => {
        const m = li.textContent.match(/payment member 0 fetches offsets? (\d+)/);
        return m && Number(m[1]) <= start;
      });
    });
  },
  replication: async (page, seen) => {
    await page.waitForSelector('g.broker[data-broker="0"][data-alive="true"]');
    await page.waitForSelector('g.broker[data-broker="1"][data-alive="false"]');
    await page.waitForSelector('g.broker[data-broker="2"][data-alive="true"]');
    // The unclean election lost acks=1 clicks that had been acknowledged (seen when b0 came
    // back, below); orders lost no acknowledged record.
    assert.ok(seen.uncleanLoss, 'clicks lost acknowledged records to the unclean election');
    const ordersLostAcked = await page.$$eval('#event-log li', (lis) => lis.map((li) => li.textContent)
      .filter((t) => /orders\/\d loses .*; [1-9]\d* of them had been acknowledged/.test(t)));
    assert.deepEqual(ordersLostAcked, [], 'acks=all loses no acknowledged record');
  },
  'work-queue': async (page) => {
    await page.waitForFunction(() => {
      const q = document.querySelector('g.queue[data-queue="tasks"]');
      return q.dataset.ready === '0' && q.dataset.unacked === '0';
    }, null, { timeout: 30000 });
  },
  routing: async (page) => {
    // topic: * is one word, # any; direct: the whole key; fanout: every queue; headers: all / any.
    const expected = { 'eu-orders': '1', 'all-orders': '2', errors: '1', audit: '1', mirror: '1', 'eu-refunds': '1', 'eu-or-vip': '2' };
    await page.waitForFunction((want) => Object.entries(want)
      .every(([q, n]) => document.querySelector(`g.queue[data-queue="${q}"]`)?.dataset.ready === n), expected);
  },
  acks: async (page) => {
    await page.waitForFunction(() => Number(document.querySelector('g.queue[data-queue="dead-letters"]').dataset.ready) > 0,
      null, { timeout: 20000 });
    // x-max-length dropped the oldest to the DLX, and the reminder expired after its TTL.
    await page.waitForFunction(() => {
      const lines = [...document.querySelectorAll('#event-log li')].map((li) => li.textContent);
      return lines.some((t) => /dead-lettered from tasks \(maxlen\)/.test(t))
        && lines.some((t) => /dead-lettered from reminders \(expired\)/.test(t));
    }, null, { timeout: 20000 });
    assert.equal(await page.$eval('g.queue[data-queue="reminders"]', (g) => g.dataset.ready), '0');
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
    // The first step sent one order; do what the second step says, then read what the panel
    // states: the log keeps all six records and every group reads all six; the queue forgets
    // what was acked and gives each message to one worker.
    for (let i = 0; i < 3; i += 1) await page.click('#send-order');
    for (let i = 0; i < 2; i += 1) await page.click('#send-payment');
    await page.waitForFunction(() => {
      const keeps = document.querySelector('#diff-retention').textContent;
      const readers = document.querySelector('#diff-readers').textContent;
      const forgot = keeps.match(/RabbitMQ forgot (\d+) messages/);
      const groups = [...readers.matchAll(/(\S+) (\d+)\/(\d+)/g)];
      return /Kafka keeps all 6 records/.test(keeps) && forgot && Number(forgot[1]) === 6
        && groups.length >= 2 && groups.every((g) => g[2] === '6' && g[3] === '6');
    }, null, { timeout: 30000 });
    const workers = await page.$eval('#diff-readers', (dd) => [...dd.textContent.matchAll(/(worker-\d+) (\d+)/g)]
      .map((m) => Number(m[2])));
    assert.ok(workers.length >= 2, 'the panel names each worker');
    assert.ok(workers.reduce((a, b) => a + b, 0) >= 6, 'every message was delivered to a worker');
  },
  // The lessons on common mistakes: the model's answers at their checkpoints are what they
  // teach (checked by `answers` below as the walk goes), and what follows shows on the page.
  'offset-reset': async (page) => {
    await logLine(page, /fresh member 0: no committed offset on orders\/0, so auto\.offset\.reset=latest starts at/);
  },
  'slow-consumer': async (page) => {
    await logLine(page, /renderer member \d leaves the group: no poll within max\.poll\.interval\.ms/);
  },
  compaction: async (page) => {
    await logLine(page, /prices\/0: the cleaner removes/);
  },
  'kafka-queue': async (page) => {
    // m0 crashed holding records: when their locks expire another member acquires them again.
    await page.waitForSelector('g.share-group[data-share-group="workers"] .share-member[data-member="0"][data-state="crashed"]');
    await logLine(page, /share group workers member [123] acquires .* \(delivery 2\)/);
    // In-flight records are marked with their share state. (Waited for: at a moment when the
    // members have just acknowledged everything there is none; the shop sends every 800 ms.)
    await page.waitForSelector('rect.share-state[data-share-state]');
    await page.waitForSelector('g.share-marks[data-spso][data-speo]');
    // The inspector shows a share-partition's full state, SPSO as the diagram marks it.
    await page.click('g.share-marks[data-group="workers"] text.share-label');
    await page.waitForSelector('#inspector[data-subject^="share-partition/workers/"] .field[data-field="spso"]');
    const spso = await page.$eval('#inspector .field[data-field="spso"] dd', (dd) => Number(dd.textContent));
    assert.ok(Number.isInteger(spso), 'SPSO is a number');
    await page.waitForSelector('#inspector .inspector-list[data-list="records"]');
    // The faults row revives it.
    await page.click('button.share-fault[data-group="workers"][data-member="0"]');
    await page.waitForSelector('g.share-group .share-member[data-member="0"][data-state="running"]');
    await logLine(page, /share group workers member 0 starts again and fetches/);
  },
  'share-locks': async (page) => {
    // m0 crashed holding records: their locks expire and m1 acquires them, delivery 2.
    await page.waitForSelector('g.share-group[data-share-group="workers"] .share-member[data-member="0"][data-state="crashed"]');
    await logLine(page, /share group workers member 1 acquires .* \(delivery 2\)/);
    // The controls beside the faults: pause m1, then resume it, each said in the log.
    await page.click('button.share-pause[data-group="workers"][data-member="1"]');
    await page.waitForSelector('g.share-group .share-member[data-member="1"][data-state="paused"]');
    await logLine(page, /share group workers member 1 stops polling/);
    await page.click('button.share-pause[data-group="workers"][data-member="1"]');
    await page.waitForSelector('g.share-group .share-member[data-member="1"][data-state="running"]');
    // A lock duration outside Kafka's range is refused, saying the range; the group keeps 8 s.
    await page.click('details.share-settings[data-group="workers"] > summary');
    const lock = page.locator('details.share-settings[data-group="workers"] input[data-setting="group.share.record.lock.duration.ms"]');
    await lock.fill('500');
    // What the learner types is not undone by the redraws that go on while the lesson plays.
    const shown = await page.textContent('.clock');
    await page.waitForFunction((t) => document.querySelector('.clock')?.textContent !== t, shown);
    assert.equal(await lock.inputValue(), '500');
    await lock.dispatchEvent('change');
    // Said in the panel, over the form that says it too.
    const said = await page.waitForSelector('details.share-settings[data-group="workers"] .share-refused');
    assert.match(await said.textContent(), /group\.share\.record\.lock\.duration\.ms.*500.*1000.*3600000/);
    assert.ok(await said.isVisible());
    const panel = await page.$eval('details.share-settings[data-group="workers"] .share-settings-panel', (el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, width: window.innerWidth };
    });
    assert.ok(panel.left >= 0 && panel.right <= panel.width, `the settings panel is on screen: ${JSON.stringify(panel)}`);
    await lock.fill('4000');
    await lock.dispatchEvent('change');
    await logLine(page, /share group workers: group\.share\.record\.lock\.duration\.ms = 4000/);
  },
  'share-poison': async (page) => {
    await logLine(page, /share group workers archives offset \d+ after 2 deliveries/);
    // m1 succeeds again: chosen in the settings panel, said in the log and on the diagram.
    await page.click('details.share-settings[data-group="workers"] > summary');
    await page.selectOption('details.share-settings[data-group="workers"] select[data-member="1"]', 'accept');
    await logLine(page, /share group workers member 1 will answer accept/);
    await page.waitForSelector('g.share-group .share-member[data-member="1"][data-answer="accept"]');
    assert.equal(await page.getAttribute('g.share-group .share-member[data-member="0"]', 'data-answer'), 'release');
    // share.acknowledgement.mode=implicit: the next poll accepts everything, so m0 accepts too
    // and the answers are off; back to explicit they can be chosen again.
    const mode = 'details.share-settings[data-group="workers"] select.share-ack-mode';
    await page.selectOption(mode, 'implicit');
    await logLine(page, /share group workers: share\.acknowledgement\.mode = implicit/);
    await page.waitForSelector('g.share-group .share-member[data-member="0"][data-answer="accept"]');
    assert.ok(await page.$eval('details.share-settings[data-group="workers"] fieldset', (f) => f.disabled), 'no answers to pick under implicit');
    await page.selectOption(mode, 'explicit');
    await logLine(page, /share group workers: share\.acknowledgement\.mode = explicit/);
    assert.ok(!(await page.$eval('details.share-settings[data-group="workers"] fieldset', (f) => f.disabled)));
  },
  durability: async (page) => {
    await page.waitForSelector('g.broker[data-broker="2"][data-alive="false"]');
  },
  // Under Kafka 4.2 (the lesson switched), the click stays unread until b1 is back in the
  // ISR; then stats reads it.
  'min-isr': async (page) => {
    await page.waitForFunction(() => [...document.querySelectorAll('svg.diagram text')].some((t) => t.textContent.includes('Kafka 4.2')));
    await page.waitForSelector('g.broker[data-broker="1"][data-alive="true"]');
    await page.waitForFunction(() => [...document.querySelectorAll('svg.diagram text.pstat')].some((t) => /LEO 1 .*lag stats 0/.test(t.textContent)),
      null, { timeout: 20000 });
  },
  // Under Kafka 4.2 b1 leads, elected from the eligible leader replicas; b0, back from its
  // crash, is eligible for nothing until it is in sync again.
  elr: async (page, seen) => {
    await page.waitForFunction(() => [...document.querySelectorAll('svg.diagram text')].some((t) => t.textContent.includes('Kafka 4.2')));
    assert.match(seen.elrLine, /leader b0 · ISR b0 · ELR b1/);
    await logLine(page, /orders\/0: no in-sync replica is alive, so broker 1 is elected from the eligible leader replicas/);
    await page.waitForSelector('g.broker[data-broker="0"][data-alive="true"]');
    await page.waitForFunction(() => /^leader b1 · ISR (b0,)?b1$/.test(document.querySelector('svg.diagram text.replicas')?.textContent ?? ''),
      null, { timeout: 20000 });
  },
  prefetch: async (page) => {
    await page.waitForSelector('g.consumer[data-consumer="slow"]');
  },
  // The payment and the refund parked; the refund by the quorum queue's delivery limit.
  poison: async (page) => {
    await page.waitForFunction(() => Number(document.querySelector('g.queue[data-queue="parked"]').dataset.ready) === 2,
      null, { timeout: 20000 });
    await logLine(page, /refunds .*delivery_limit/);
  },
  // Six events in the log, kept though every reader acked; each reader's tick at its end.
  'stream-log': async (page) => {
    await page.waitForFunction(() => {
      const log = document.querySelector('g.queue[data-queue="events"] g.stream-log');
      const ticks = [...(log?.querySelectorAll('.reader-tick') ?? [])];
      return log?.dataset.first === '0' && log?.dataset.next === '6' && ticks.length === 3 && ticks.every((t) => t.dataset.next === '6');
    }, null, { timeout: 20000 });
    assert.match(await page.textContent('g.consumer[data-consumer="live"]'), /at offset 6/);
    // The inspector: the stream's offsets and every reader's next offset, no ready count.
    await page.click('g.queue[data-queue="events"] .inspectable');
    await page.waitForSelector('#inspector[data-subject="queue/events"]');
    const row = (name) => page.$eval(`#inspector [data-field="${name}"] dd`, (d) => d.textContent);
    assert.equal(await row('first-offset'), '0');
    assert.equal(await row('next-offset'), '6');
    assert.equal(await row('readers'), 'replay 6, live 6, from-3 6');
    assert.equal(await page.$('#inspector [data-field="ready"]'), null);
  },
  // After n1 stopped, n2 stopped and n1 came back: a leader, and the three orders kept.
  replicated: async (page) => {
    await page.waitForSelector('g.queue[data-queue="orders"] .replicas[data-leader="true"]');
    assert.equal(await page.getAttribute('g.queue[data-queue="orders"]', 'data-ready'), '3');
    assert.equal(await page.getAttribute('g.rabbit-node[data-node="2"]', 'data-running'), 'false');
    // The classic queue beside it lives on n1 alone (n1 runs again by now).
    assert.equal(await page.textContent('g.queue[data-queue="audit"] .replicas'), 'on n1 only');
  },
};

/// What the model answers at each checkpoint of the lessons on common mistakes (step index,
/// counting from 0, → the verdict's answer): the lesson's point, computed by the page.
const answers = {
  'offset-reset': { 2: /^Its committed offset/, 3: /^The log end/ },
  'slow-consumer': { 1: /^Yes$/ },
  compaction: { 2: /^1$/, 3: /^0$/ },
  durability: { 2: /^It is acknowledged$/ },
  rebalance: { 4: /^Nothing$/ },
  'min-isr': { 3: /^Yes$/, 7: /^No$/ },
  elr: { 4: /^Nobody: it is offline$/, 9: /^b1$/ },
  'kafka-queue': { 1: /^2$/, 2: /^4$/ },
  'share-locks': { 2: /^2$/ },
  'share-poison': { 0: /^5$/, 3: /^2$/ },
  prefetch: { 0: /^About the same each$/, 1: /^Nobody: they are lost$/ },
  poison: { 0: /^Redelivered again and again$/, 1: /^Dead-lettered$/, 2: /^4$/ },
  'stream-log': { 0: /^5$/, 2: /^The log start \(offset 0\)$/, 4: /^The log end \(offset 5\)$/ },
  replicated: { 1: /^3$/ },
};

/// Waits for an event-log line matching `pattern` and returns its match.
const logLine = (page, pattern) => page.waitForFunction((source) => {
  const re = new RegExp(source);
  for (const li of document.querySelectorAll('#event-log li')) {
    const m = li.textContent.match(re);
    if (m) return [...m];
  }
  return null;
}, pattern.source, { timeout: 20000 }).then((h) => h.jsonValue());

/// What a lesson's steps wait for before acting, and note after acting, into `seen`.
const hooks = {
  pubsub: () => ({
    after: {
      // notification dies: its lag grows while payment and inventory keep up.
      3: async (page) => {
        await page.waitForSelector('g.group[data-group="notification"] .member[data-state="crashed"]');
        await page.waitForFunction(() => {
          const sum = {};
          for (const t of document.querySelectorAll('svg.diagram text.pstat')) {
            for (const m of t.textContent.matchAll(/(?:lag |· )([a-z-]+) (\d+)/g)) sum[m[1]] = (sum[m[1]] ?? 0) + Number(m[2]);
          }
          return sum.notification >= 4 && sum.payment <= 2 && sum.inventory <= 2;
        }, null, { timeout: 30000 });
      },
      // Revived, it resumes from its committed offset and catches up.
      4: (page) => page.waitForFunction(() => {
        const sum = {};
        for (const t of document.querySelectorAll('svg.diagram text.pstat')) {
          for (const m of t.textContent.matchAll(/(?:lag |· )([a-z-]+) (\d+)/g)) sum[m[1]] = (sum[m[1]] ?? 0) + Number(m[2]);
        }
        return sum.notification <= 2;
      }, null, { timeout: 30000 }),
    },
  }),
  replay: (seen) => ({
    // A learner reads the segment step until the first offset has moved: segments expired.
    before: { 3: (page) => page.waitForFunction(() => Number(document.querySelector('g.partition[data-partition="0"]').dataset.logStart) > 0, null, { timeout: 30000 }) },
    after: {
      3: async (page) => { seen.audit = Number((await logLine(page, /audit member 0 fetches offsets? (\d+)/))[1]); },
      4: async (page) => { seen.alerts = Number((await logLine(page, /alerts member 0 fetches offsets? (\d+)/))[1]); },
    },
  }),
  // The learner crashes workers m0 while it holds records, as the step says.
  'kafka-queue': () => ({
    before: {
      3: (page) => page.waitForFunction(() => Number(document.querySelector('g.share-group .share-member[data-member="0"]')?.dataset.held) > 0,
        null, { timeout: 20000 }),
    },
  }),
  // The learner crashes workers m0 while it holds records, as the step says.
  'share-locks': () => ({
    before: {
      2: (page) => page.waitForFunction(() => Number(document.querySelector('g.share-group .share-member[data-member="0"]')?.dataset.held) > 0,
        null, { timeout: 20000 }),
    },
  }),
  // The learner watches the first payment's deliveries run out before lowering the limit
  // (lowered sooner, the new limit would end them sooner).
  'share-poison': () => ({
    after: { 0: (page) => logLine(page, /share group workers archives offset \d+ after 5 deliveries/) },
  }),
  // The learner reads the first step until the five events are in the log (stopping replay
  // sooner, it would come back to a shorter log).
  'stream-log': () => ({
    before: { 1: (page) => page.waitForSelector('g.queue[data-queue="events"] g.stream-log[data-next="5"]', { timeout: 20000 }) },
  }),
  elr: (seen) => ({
    after: {
      // Under 3.9 the clean shutdowns leave the ISR at b0 alone, and no ELR.
      2: (page) => page.waitForFunction(() => document.querySelector('svg.diagram text.replicas')?.textContent === 'leader b0 · ISR b0'),
      // Under 4.2 b1 becomes an eligible leader replica, shown on the partition line.
      7: async (page) => {
        await page.waitForFunction(() => /ELR b1/.test(document.querySelector('svg.diagram text.replicas')?.textContent ?? ''));
        seen.elrLine = await page.textContent('svg.diagram text.replicas');
      },
    },
  }),
  replication: (seen) => ({
    // Kill b2 only once acks=all is refused: by then the lag rule has taken the dead b0 and b1
    // out of the ISR, so b2 alone is in sync and b0's return is an unclean election.
    before: { 4: (page) => logLine(page, /refuses the record \(NOT_ENOUGH_REPLICAS\)/) },
    after: {
      5: async (page) => {
        seen.uncleanLoss = await logLine(page, /clicks\/0 loses .*an out-of-sync replica became leader; [1-9]\d* of them had been acknowledged/);
      },
    },
  }),
};

for (const [id, check] of Object.entries(lessons)) {
  test(`lesson ${id}: steps run and the page shows what it teaches`, async () => {
    const { page, record, context } = await open(browser);
    await page.waitForSelector('button.lesson');
    const seen = {};
    const hooked = hooks[id]?.(seen) ?? {};
    const after = { ...(hooked.after ?? {}) };
    for (const [step, expected] of Object.entries(answers[id] ?? {})) {
      const then = after[step];
      after[step] = async (p) => {
        const verdict = await p.waitForSelector('.checkpoint .verdict');
        assert.match(await verdict.getAttribute('data-answer'), expected, `${id} step ${step}`);
        await then?.(p);
      };
    }
    await walk(page, id, { before: hooked.before ?? {}, after });
    await check(page, seen);
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
