// The learner's screen, in a real browser (the walk through every step of every lesson at each
// screen size is in fit-laptop, fit-large and fit-phone): the diagram's smallest text is at
// least 11 px at 1280×800 in every view; checkpoints ask before the action and
// judge against the model, whose answer follows an edited scenario; steps highlight what
// they talk about; the first screen explains itself; finished lessons are remembered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, open, SCREENSHOTS, clean, kafkaPartition } from './harness.mjs';
import { measure, outside, openLearner } from './fit.mjs';

let browser;
before(async () => { browser = await launch(); });
const learner = (...args) => openLearner(browser, ...args);
after(async () => { await browser?.close(); });


test('at 1280×800 the smallest diagram text is at least 11 px in every view, both languages, light and dark', async () => {
  const seen = [];
  for (const lang of ['en', 'ko']) {
    for (const theme of ['light', 'dark']) {
      const { page, record, context } = await learner({ width: 1280, height: 800 }, lang, theme);
      for (const view of ['event', 'message', 'compare']) {
        await page.click(`#tab-${view}`);
        await page.waitForSelector('svg.diagram text');
        const m = await measure(page);
        seen.push(`${view} ${lang} ${theme}: ${m.smallest.toFixed(1)} px`);
        assert.ok(m.smallest >= 11, `${view} ${lang} ${theme}: ${m.smallest} px ("${m.smallestText}")`);
        assert.deepEqual(outside(m), [], `${view} ${lang} ${theme}: the diagram is in view`);
      }
      clean(record);
      await context.close();
    }
  }
  console.log(`# ${seen.join('; ')}`);
});

/// Opens lesson `id` at step `step` (counting from 0) from the list.
async function openLesson(page, id, step = 0) {
  if (await page.$('.all-lessons')) await page.click('.all-lessons');
  await page.click(`button.lesson[data-lesson="${id}"]`);
  await page.waitForSelector('.lessons li.open .steps');
  for (let i = 0; i < step; i += 1) await page.click('.lessons .lesson-next');
}

/// Acts on the open step and returns the model's answer as the verdict states it.
async function act(page) {
  await page.click('.lessons .lesson-action');
  const verdict = await page.waitForSelector('.checkpoint .verdict');
  return verdict.getAttribute('data-answer');
}

async function openEditor(page, section) {
  await page.click('#edit');
  await page.waitForSelector('dialog.editor-dialog[open]');
  await page.click(`#edit-tab-${section}`);
}

test('a checkpoint asks first, judges the pick against the model, and follows an edited partition count', async () => {
  const { page, record, context } = await learner({ width: 1280, height: 800 }, 'en');
  await openLesson(page, 'keys');
  const alice = `P${kafkaPartition('alice', 3)}`;
  const choices = await page.$$eval('.checkpoint .choice', (bs) => bs.map((b) => b.textContent.trim()));
  assert.deepEqual([...choices].sort(), ['P0', 'P1', 'P2'], 'every partition is offered');
  assert.equal(await page.$('.checkpoint .verdict'), null, 'no answer before the action');
  // A wrong prediction is judged wrong, and the deciding event is named.
  const wrong = choices.find((c) => c !== alice);
  await page.click(`.checkpoint .choice >> text="${wrong}"`);
  assert.equal(await page.getAttribute(`.checkpoint .choice >> text="${wrong}"`, 'aria-pressed'), 'true');
  assert.equal(await act(page), alice, "murmur2 decides, as Kafka's default partitioner");
  assert.ok(await page.$('.checkpoint .verdict.wrong'));
  assert.match(await page.textContent('.checkpoint .because'), /appends the record/);
  assert.match(await page.textContent('.checkpoint .choice.right'), new RegExp(`^${alice}`));
  // The second step: the right prediction is judged right.
  await page.click('.lessons .lesson-next');
  await page.click(`.checkpoint .choice >> text="${alice}"`);
  assert.equal(await act(page), alice);
  assert.ok(await page.$('.checkpoint .verdict.right'));
  // Another partition count: the same step now has another answer, from the model.
  const count = [4, 5, 6, 7, 8, 9].find((n) => kafkaPartition('alice', n) !== kafkaPartition('alice', 3));
  await page.click('.lessons .lesson-back');
  await openEditor(page, 'event');
  await page.fill('#edit-partitions [name="partitions"]', String(count));
  await page.selectOption('#edit-partitions [name="topic"]', 'orders').catch(() => {});
  await page.click('#edit-partitions button[value="scenario"]');
  await page.waitForSelector('#edit-partitions-outcome[role="status"]');
  await page.click('#editor-close');
  await page.waitForSelector('.checkpoint[data-state="open"]');
  assert.equal(await page.$$eval('.checkpoint .choice', (bs) => bs.length), Math.min(count, 4));
  assert.equal(await act(page), `P${kafkaPartition('alice', count)}`);
  clean(record);
  await context.close();
});

test('the queues a message reaches follow an edited binding; a skipped question still shows the answer', async () => {
  const { page, record, context } = await learner({ width: 1280, height: 800 }, 'en');
  await openLesson(page, 'routing');
  await page.click('.checkpoint .skip-question');
  await page.waitForSelector('.checkpoint[data-state="skipped"]');
  assert.equal(await act(page), 'all-orders, eu-orders');
  assert.equal(await page.$('.checkpoint .verdict.right, .checkpoint .verdict.wrong'), null, 'nothing to judge when skipped');
  await openEditor(page, 'message');
  await page.click('.edit-list[data-kind="binding"] li[data-name="topic-x → eu-orders"] button.remove');
  await page.waitForSelector('.edit-list[data-kind="binding"] li[data-name="topic-x → eu-orders"]', { state: 'detached' });
  await page.click('#editor-close');
  await page.waitForSelector('.checkpoint[data-state="open"]');
  assert.equal(await act(page), 'all-orders', 'without the order.eu.* binding only order.# matches');
  clean(record);
  await context.close();
});

test('each step highlights what it talks about, and the introduction and finished lessons are remembered', async () => {
  const { page, record, context } = await learner({ width: 1280, height: 800 }, 'ko');
  // A first visit: the distinction in two sentences and one place to start.
  assert.match(await page.textContent('.intro'), /이벤트 브로커\(Kafka\)/);
  await page.click('#intro-start');
  await page.waitForSelector('.lessons li.open button.lesson[data-lesson="pubsub"]');
  assert.equal(await page.$('.intro'), null, 'out of the way while a lesson runs');
  await page.click('.lessons .lesson-next');
  await page.click('.lessons .lesson-next');
  await page.waitForSelector('g.group.watched[data-group="notification"]');
  assert.equal(await page.$('g.group.watched[data-group="payment"]'), null);
  await page.click('.lessons .lesson-back');
  await page.waitForSelector('g.group.watched[data-group="payment"]');
  // Finish the lesson: its last step marks it, in this browser.
  while (!(await page.locator('.lessons .lesson-next').isDisabled())) await page.click('.lessons .lesson-next');
  await page.click('.all-lessons');
  await page.waitForSelector('.lesson-list li.finished button.lesson[data-lesson="pubsub"]');
  await page.click('.intro-dismiss');
  await page.reload();
  await page.waitForSelector('#play');
  await page.waitForSelector('.lesson-list li.finished button.lesson[data-lesson="pubsub"]');
  assert.equal(await page.$('.intro'), null, 'dismissed for good');
  assert.equal(await page.$$eval('.lesson-list li.finished', (lis) => lis.length), 1);
  clean(record);
  await context.close();
});

test('the answer follows the key the learner typed in the Key box', async () => {
  const { page, record, context } = await learner({ width: 1280, height: 800 }, 'en');
  await openLesson(page, 'keys', 2);
  await page.click('.lessons .lesson-action'); // four partitions
  await page.click('.lessons .lesson-next');
  await page.click('.lessons .lesson-next');
  const [first, second] = ['bob', 'carol', 'dave', 'erin', 'frank'].reduce((found, key) =>
    (found.length === 0 || (found.length === 1 && kafkaPartition(key, 4) !== kafkaPartition(found[0], 4)) ? [...found, key] : found), []);
  for (const key of [first, second]) {
    await page.fill('#key', key);
    await page.waitForSelector('.checkpoint[data-state="open"]');
    assert.equal(await act(page), `P${kafkaPartition(key, 4)}`, key);
    // Back and on again: the step asks afresh.
    await page.click('.lessons .lesson-back');
    await page.click('.lessons .lesson-next');
  }
  clean(record);
  await context.close();
});

test('a lesson opened from low in the list opens with the page at its top, the whole diagram in view', async () => {
  const { page, record, context } = await open(browser, '', { width: 1280, height: 800 });
  await page.waitForSelector('svg.diagram g.partition');
  // The last lesson of the list sits below the fold: the click scrolls the page to reach it.
  const last = page.locator('button.lesson').last();
  await last.scrollIntoViewIfNeeded();
  assert.ok(await page.evaluate(() => window.scrollY) > 0, 'the list reaches below the fold');
  await last.click();
  await page.waitForFunction(() => window.scrollY === 0);
  const top = await page.evaluate(() => document.querySelector('svg.diagram').getBoundingClientRect().top);
  assert.ok(top >= 0, `the diagram's top is in view (${top})`);
  assert.deepEqual(record.pageErrors, []);
  await context.close();
});

test('on a phone, what a lesson step highlights is brought into view in a diagram that scrolls sideways', async () => {
  const { page, record, context } = await open(browser, '', { width: 375, height: 812 });
  await page.click('button.lesson[data-lesson="stream-log"]');
  await page.waitForSelector('.lessons li.open .steps');
  // Step 3 points at the stream and its `replay` reader, right of the publisher and exchange.
  for (let i = 0; i < 2; i++) await page.click('.lessons .lesson-next');
  await page.waitForSelector('svg.diagram.message .watched');
  const seen = await page.waitForFunction(() => {
    const scroller = [...document.querySelectorAll('.diagram-scroll')].find((s) => s.querySelector('.watched'));
    // Both the stream and its reader, which fit side by side.
    const watched = [...scroller.querySelectorAll('.watched')].map((el) => el.getBoundingClientRect());
    const box = scroller.getBoundingClientRect();
    return watched.length >= 2 && scroller.scrollWidth > scroller.clientWidth && scroller.scrollLeft > 0
      && watched.every((r) => r.left >= box.left - 1 && r.right <= box.right + 1) && { left: scroller.scrollLeft };
  });
  assert.ok((await seen.jsonValue()).left > 0, 'the diagram scrolled sideways to the highlighted part');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'learner-phone-follow.png') });
  // The learner may scroll back; a later render of the same step does not pull the diagram again.
  await page.$eval('.diagram-scroll', (s) => { s.scrollLeft = 0; });
  await page.evaluate(() => new Promise((done) => setTimeout(done, 600)));
  assert.equal(await page.$eval('.diagram-scroll', (s) => s.scrollLeft), 0);
  clean(record);
  await context.close();
});
