// Embedding: <brokerlab-sim> widgets on a host page (independent instances, scoped keyboard,
// styles isolated both ways), the iframe player, the Share and embed dialog, and the article.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, open, SCREENSHOTS, kafkaPartition, screenshotWhole } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// Opens a page and also records failed requests and HTTP errors.
async function openWatched(where, viewport) {
  const opened = await open(browser, where, viewport);
  opened.record.failed = [];
  opened.page.on('requestfailed', (r) => opened.record.failed.push(r.url()));
  opened.page.on('response', (r) => { if (r.status() >= 400) opened.record.failed.push(`${r.status()} ${r.url()}`); });
  return opened;
}

function clean(record) {
  assert.deepEqual(record.consoleErrors, [], 'console errors');
  assert.deepEqual(record.pageErrors, [], 'uncaught exceptions');
  assert.deepEqual(record.foreignRequests, [], 'requests outside the local server');
  assert.deepEqual(record.failed ?? [], [], 'failed requests');
}

async function ready(page, count) {
  await page.waitForFunction((n) => document.querySelectorAll('brokerlab-sim[data-ready]').length === n, count, { timeout: 30000 });
}

/// The sum of the LEO column of a widget's partition table.
function leoSum(page, id) {
  return page.evaluate((id) => {
    const rows = document.getElementById(id).shadowRoot.querySelectorAll('.stats tbody tr');
    return [...rows].reduce((sum, row) => sum + Number(row.children[3].textContent), 0);
  }, id);
}

function shadowText(page, id, selector) {
  return page.evaluate(([id, selector]) => document.getElementById(id).shadowRoot.querySelector(selector)?.textContent ?? null, [id, selector]);
}

test('three widgets on one page load, play and do not interfere', async () => {
  const { page, record, context } = await openWatched('embed-test-host.html');
  await ready(page, 3);
  for (const id of ['w-pubsub', 'w-keys', 'w-routing']) {
    await page.locator(`#${id} svg.diagram`).first().waitFor();
  }
  // Controls: full has the top bar, minimal has play but no top bar, none has neither.
  assert.equal(await page.locator('#w-pubsub .topbar').count(), 1);
  assert.equal(await page.locator('#w-keys .topbar').count(), 0);
  assert.ok(await page.locator('#w-keys #play').isVisible());
  assert.equal(await page.locator('#w-routing .topbar').count(), 0);
  assert.equal(await page.locator('#w-routing #play').isVisible(), false);
  // Each shows its own lesson.
  assert.equal(await page.locator('#w-pubsub .lesson').getAttribute('data-lesson'), 'pubsub');
  assert.equal(await page.locator('#w-keys .lesson').getAttribute('data-lesson'), 'keys');
  // Without autoplay a widget waits; with autoplay it runs.
  assert.equal(await shadowText(page, 'w-pubsub', '#play'), 'Play');
  assert.equal(await shadowText(page, 'w-routing', '#play'), 'Pause');

  // Play the first two; the clock of the first moves.
  await page.locator('#w-pubsub #play').click();
  await page.locator('#w-keys #play').click();
  const t0 = await shadowText(page, 'w-pubsub', '.clock');
  await page.waitForFunction((t) => document.getElementById('w-pubsub').shadowRoot.querySelector('.clock').textContent !== t, t0);

  // Producing in the keys widget changes only the keys widget, at the partition Kafka picks.
  const keysBefore = await leoSum(page, 'w-keys');
  const routingLog = await shadowText(page, 'w-routing', '#event-log');
  await page.locator('#w-keys #key').fill('zed');
  await page.locator('#w-keys #produce').click();
  await page.waitForFunction((n) => {
    const rows = document.getElementById('w-keys').shadowRoot.querySelectorAll('.stats tbody tr');
    return [...rows].reduce((s, r) => s + Number(r.children[3].textContent), 0) === n;
  }, keysBefore + 1, { timeout: 15000 });
  const partitions = await page.locator('#w-keys .stats tbody tr').count();
  const leos = await page.evaluate(() => [...document.getElementById('w-keys').shadowRoot.querySelectorAll('.stats tbody tr')].map((r) => Number(r.children[3].textContent)));
  assert.ok(leos[kafkaPartition('zed', partitions)] >= 1, `zed lands on partition ${kafkaPartition('zed', partitions)}: ${leos}`);
  assert.equal(await shadowText(page, 'w-routing', '#event-log'), routingLog, 'the routing widget saw nothing');
  // And producing in the pubsub widget leaves the keys widget as it was.
  const keysAfter = await leoSum(page, 'w-keys');
  const pubsubBefore = await leoSum(page, 'w-pubsub');
  await page.locator('#w-pubsub #produce').click();
  await page.waitForFunction((n) => {
    const rows = document.getElementById('w-pubsub').shadowRoot.querySelectorAll('.stats tbody tr');
    return [...rows].reduce((s, r) => s + Number(r.children[3].textContent), 0) > n;
  }, pubsubBefore, { timeout: 15000 });
  assert.equal(await leoSum(page, 'w-keys'), keysAfter);

  // Keyboard: Space toggles only the focused widget.
  await page.locator('#w-keys .app').focus();
  await page.keyboard.press(' ');
  assert.equal(await shadowText(page, 'w-keys', '#play'), 'Play');
  assert.equal(await shadowText(page, 'w-pubsub', '#play'), 'Pause');
  await page.locator('#host-title').click();
  await page.keyboard.press(' ');
  assert.equal(await shadowText(page, 'w-keys', '#play'), 'Play', 'keys on the host page reach no widget');
  assert.equal(await shadowText(page, 'w-pubsub', '#play'), 'Pause');

  // Attributes update a running widget; removing it destroys it cleanly.
  await page.evaluate(() => document.getElementById('w-keys').setAttribute('lang', 'ko'));
  await page.waitForFunction(() => document.getElementById('w-keys').shadowRoot.querySelector('#play').textContent === '재생');
  await page.evaluate(() => document.getElementById('w-routing').remove());
  assert.equal(await page.locator('brokerlab-sim').count(), 2);

  await screenshotWhole(page, path.join(SCREENSHOTS, 'embed-host.png'));
  clean(record);
  await context.close();
});

test('host styles cannot break a widget, and a widget does not change the host page', async () => {
  const { page, record, context } = await openWatched('embed-test-host.html?widgets=0');
  await page.waitForSelector('#host-button');
  const hostStyle = () => page.evaluate(() => {
    const pick = (el) => {
      const s = getComputedStyle(el);
      return ['color', 'font-family', 'font-size', 'line-height', 'text-transform', 'display', 'margin', 'padding', 'background-color', 'box-sizing', 'fill']
        .map((p) => `${p}:${s.getPropertyValue(p)}`).join(';');
    };
    return ['html', 'body', '#host-title', '#host-text', '#host-button', '#widgets'].map((q) => pick(document.querySelector(q)));
  });
  const before = await hostStyle();
  await page.evaluate(() => {
    const w = document.createElement('brokerlab-sim');
    w.id = 'late';
    w.setAttribute('lesson', 'pubsub');
    w.setAttribute('theme', 'dark');
    document.getElementById('widgets').append(w);
  });
  await ready(page, 1);
  await page.locator('#late svg.diagram').waitFor();
  assert.deepEqual(await hostStyle(), before, 'the host page looks the same after mounting');
  assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-theme')), null, 'the theme stays on the widget');
  // The hostile rules (svg/text fill red, buttons hidden, select hidden, serif uppercase text)
  // stop at the shadow root.
  const inside = await page.evaluate(() => {
    const root = document.getElementById('late').shadowRoot;
    const s = (q) => getComputedStyle(root.querySelector(q));
    return {
      play: s('#play').display, playVisible: s('#play').visibility, lang: s('#lang').visibility,
      text: s('svg.diagram text').fill, transform: s('.app').textTransform, font: s('.app').fontFamily,
      theme: root.querySelector('.app').getAttribute('data-theme'),
    };
  });
  assert.notEqual(inside.play, 'none');
  assert.equal(inside.playVisible, 'visible');
  assert.equal(inside.lang, 'visible');
  assert.notEqual(inside.text, 'rgb(255, 0, 0)');
  assert.equal(inside.transform, 'none');
  assert.ok(!inside.font.includes('Georgia'), inside.font);
  assert.equal(inside.theme, 'dark');
  assert.ok(await page.locator('#late #play').isVisible());
  clean(record);
  await context.close();
});

test('share and embed dialog: labelled, traps focus, Escape closes; its iframe snippet plays', async () => {
  const { page, record, context } = await openWatched('');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.waitForSelector('svg.diagram g.partition');
  await page.click('#share');
  const dialog = page.locator('dialog.share-dialog[open]');
  await dialog.waitFor();
  assert.equal(await dialog.getAttribute('aria-labelledby'), 'share-title');
  assert.equal(await page.locator('#share-title').textContent(), 'Share and embed');
  const link = await page.locator('#share-link').inputValue();
  assert.match(link, /#v1\./);
  assert.equal(link, page.url());
  const iframe = await page.locator('#share-iframe').inputValue();
  const element = await page.locator('#share-element').inputValue();
  assert.match(iframe, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\.html#v1\.[A-Za-z0-9_-]+"/);
  assert.match(element, /brokerlab-widget\.js"><\/script>\n<brokerlab-sim scenario="v1\.[A-Za-z0-9_-]+"/);
  await page.click('#copy-share-iframe');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), iframe);
  assert.equal(await page.locator('#copy-share-iframe').textContent(), 'Copied');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'embed-dialog.png') });
  for (let i = 0; i < 9; i++) {
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => !!document.activeElement?.closest('dialog.share-dialog')), `focus stays in the dialog (tab ${i})`);
  }
  await page.keyboard.press('Escape');
  await page.waitForSelector('dialog.share-dialog', { state: 'detached' });

  // The iframe snippet, pasted into another page, plays the same scenario.
  const host = await context.newPage();
  await host.setContent(`<!doctype html><title>host</title><body>${iframe}</body>`);
  const frame = host.frameLocator('iframe');
  await frame.locator('brokerlab-sim[data-ready]').waitFor({ timeout: 30000 });
  assert.equal(await frame.locator('svg.diagram g.partition').count(), 3);
  assert.equal(await frame.locator('.topbar').count(), 0, 'the player has minimal chrome');
  assert.equal(await frame.locator('#play').textContent(), 'Pause', 'the player autoplays');
  const t0 = await frame.locator('.clock').textContent();
  // Its clock moves on by itself.
  const player = host.frames().find((f) => f !== host.mainFrame());
  await player.waitForFunction((t) => document.querySelector('brokerlab-sim').shadowRoot.querySelector('.clock').textContent !== t, t0);
  await host.screenshot({ path: path.join(SCREENSHOTS, 'embed-iframe.png') });
  await host.close();
  clean(record);
  await context.close();
});

test('embed.html takes a lesson and options from the URL', async () => {
  const { page, record, context } = await openWatched('embed.html?controls=none&lang=ko#lesson=routing');
  await ready(page, 1);
  await page.locator('svg.diagram').first().waitFor();
  assert.equal(await page.locator('#play').isVisible(), false);
  assert.equal(await page.locator('.app').getAttribute('lang'), 'ko');
  assert.equal(await page.locator('.notice').count(), 0);
  clean(record);
  await context.close();
});

test('the article loads with every widget running, in English and Korean', async () => {
  const { page, record, context } = await openWatched('article.html?lang=en', { width: 1280, height: 900 });
  await ready(page, 6);
  const widgets = page.locator('brokerlab-sim');
  assert.equal(await widgets.count(), 6);
  for (let i = 0; i < 6; i++) {
    const w = widgets.nth(i);
    await w.locator('svg.diagram').first().waitFor();
    assert.equal(await w.locator('.notice').count(), 0, `widget ${i} loaded its lesson`);
    if (i < 5) {
      await w.locator('#play').click();
      assert.equal(await w.locator('#play').textContent(), 'Pause');
    }
  }
  // The last is the side-by-side view: it runs by itself; send an event into both brokers.
  const compare = widgets.nth(5);
  const facts = await compare.locator('.differences').textContent();
  await compare.locator('#send-order').click();
  await page.waitForFunction((f) => document.querySelectorAll('brokerlab-sim')[5].shadowRoot.querySelector('.differences').textContent !== f, facts, { timeout: 15000 });
  // The event-broker widgets' clocks move (their scenarios have timers from the start). A
  // widget out of view draws nothing, so each is brought into view to be read.
  const clocks = () => page.evaluate(() => [...document.querySelectorAll('brokerlab-sim')].map((w) => w.shadowRoot.querySelector('.clock')?.textContent));
  const c0 = await clocks();
  for (const i of [0, 1, 2]) {
    await widgets.nth(i).scrollIntoViewIfNeeded();
    await page.waitForFunction(([i, before]) =>
      document.querySelectorAll('brokerlab-sim')[i].shadowRoot.querySelector('.clock')?.textContent !== before, [i, c0[i]]);
  }
  const c1 = await clocks();
  for (const i of [0, 1, 2]) assert.notEqual(c1[i], c0[i], `widget ${i} runs`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'article-en.png') });
  assert.ok(await page.locator('h1 [lang="en"]').isVisible());

  await page.click('#to-ko');
  assert.ok(await page.locator('h1 [lang="ko"]').isVisible());
  assert.equal(await page.locator('h1 [lang="en"]').isVisible(), false);
  await page.waitForFunction(() => [...document.querySelectorAll('brokerlab-sim')].slice(0, 5).every((w) => w.shadowRoot.querySelector('#play').textContent === '일시정지'));
  assert.equal(await compare.locator('#send-order').textContent(), '주문 접수');
  await page.locator('#groups').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'article-ko.png') });
  clean(record);
  await context.close();
});

/// Seconds on a widget's clock ("t = 1.234s").
const seconds = (text) => Number(/t = ([0-9.]+)s/.exec(text)?.[1]);

test('a playing widget out of view stands still and goes on from there when seen again', async () => {
  const { page, record, context } = await openWatched('article.html?lang=en', { width: 1280, height: 900 });
  await ready(page, 6);
  // The first widget's producers send all the time once it plays.
  const first = page.locator('brokerlab-sim').nth(0);
  await first.locator('svg.diagram').first().waitFor();
  await first.locator('#play').click();
  assert.equal(await first.locator('#play').textContent(), 'Pause');
  const clock = () => document.querySelector('brokerlab-sim').shadowRoot.querySelector('.clock').textContent;
  await page.waitForFunction(() => Number(document.querySelector('brokerlab-sim').shadowRoot.querySelector('canvas.token-canvas')?.dataset.tokens) > 0);

  // Scrolled out of view: for 60 frames (a second at 60 Hz) nothing in it changes, not even its
  // tokens. `away` is how long that took on the page's clock.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const { mutations, hidden, away } = await page.evaluate(async () => {
    const frames = (n) => new Promise((done) => { const step = () => (n-- <= 0 ? done() : requestAnimationFrame(step)); requestAnimationFrame(step); });
    await frames(10); // the intersection observer reports after a frame or two
    const shadow = document.querySelector('brokerlab-sim').shadowRoot;
    const hidden = shadow.querySelector('.clock').textContent;
    let mutations = 0;
    const observer = new MutationObserver((list) => { mutations += list.length; });
    observer.observe(shadow, { subtree: true, childList: true, attributes: true, characterData: true });
    const t0 = performance.now();
    await frames(60);
    observer.disconnect();
    return { mutations, hidden, away: performance.now() - t0 };
  });
  assert.equal(mutations, 0, 'nothing in the hidden widget changed');

  // Back in view it plays on from where it stood: its clock moves again, by less than the time
  // it spent out of view.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction((t) => document.querySelector('brokerlab-sim').shadowRoot.querySelector('.clock').textContent !== t, hidden);
  const shown = await page.evaluate(clock);
  const moved = (seconds(shown) - seconds(hidden)) * 1000;
  assert.ok(moved > 0 && moved < away, `the clock went from ${hidden} to ${shown} after ${away.toFixed(0)} ms out of view`);
  clean(record);
  await context.close();
});
