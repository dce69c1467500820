// When Brokerlab cannot start or stops (crash.js, the widget loader): the page and each widget say
// so, in the learner's language, instead of going blank or freezing. A stop is a real trap of the
// page's own WebAssembly module: `__wbindgen_malloc` with an alignment that is not a power of
// two aborts, as a panic does in the page's build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, open, SCREENSHOTS, screenshotWhole } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// Traps the running instance from a timer, so the trap reaches the page uncaught, as one in a
/// frame or an event handler would.
function trap(page) {
  return page.evaluate(async () => {
    const wasm = await (await import('./brokerlab-web.js')).default();
    setTimeout(() => wasm.__wbindgen_malloc(16, 3));
  });
}

test('a trap shows the stopped card over an inert page, and Reload starts again', async () => {
  const { page, record, context } = await open(browser, '');
  await page.locator('svg.diagram').first().waitFor();
  assert.equal(await page.locator('.app-failure').count(), 0, 'no card while all is well');
  await trap(page);
  const card = page.locator('.app-failure[role=alert]');
  await card.waitFor();
  assert.equal(await card.getAttribute('data-kind'), 'stopped');
  assert.match(await card.innerText(), /Brokerlab stopped: an internal error/);
  assert.match(await card.locator('.app-failure-details').innerText(), /RuntimeError: unreachable/);
  // The app stays in view but out of reach, and focus is on the way out.
  assert.ok(await page.evaluate(() => [...document.body.children].filter((e) => !e.classList.contains('app-failure')).every((e) => e.inert)));
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Reload the page');
  assert.ok(record.pageErrors.some((e) => /unreachable/.test(e)), 'the trap itself reached the page');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'crash-stopped.png') });

  await card.locator('button').click();
  await page.waitForLoadState('load');
  await page.locator('svg.diagram').first().waitFor();
  assert.equal(await page.locator('.app-failure').count(), 0, 'the reloaded page runs');
  await context.close();
});

test('a wasm that will not load shows the could-not-start card, in Korean for a Korean learner', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ko-KR' });
  const page = await context.newPage();
  await page.route('**/brokerlab-web_bg.wasm', (route) => route.abort());
  await page.goto(new URL('', process.env.BROKERLAB_URL).href);
  const card = page.locator('.app-failure[role=alert]');
  await card.waitFor();
  assert.equal(await card.getAttribute('data-kind'), 'start');
  assert.match(await card.innerText(), /Brokerlab을 시작할 수 없습니다/);
  assert.equal(await card.locator('button').innerText(), '페이지 다시 불러오기');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'crash-start-ko.png') });
  await context.close();
});

test('widgets: a trap stops each one with its card and an event; the host page goes on', async () => {
  const { page, context } = await open(browser, 'embed-test-host.html');
  await page.waitForFunction(() => document.querySelectorAll('brokerlab-sim[data-ready]').length === 3, null, { timeout: 30000 });
  await page.evaluate(() => {
    window.stopped = [];
    document.addEventListener('brokerlab-error', (e) => window.stopped.push([e.target.id, e.detail.kind]));
  });
  await trap(page);
  await page.waitForFunction(() => document.querySelectorAll('brokerlab-sim[data-stopped=stopped]').length === 3);
  const cards = await page.evaluate(() => [...document.querySelectorAll('brokerlab-sim')].map((w) => {
    const card = w.shadowRoot.querySelector('.app-failure.in-widget[role=alert]');
    return [w.id, card?.dataset.kind, w.shadowRoot.querySelector('.mount').inert];
  }));
  assert.deepEqual(cards, [['w-pubsub', 'stopped', true], ['w-keys', 'stopped', true], ['w-routing', 'stopped', true]]);
  assert.deepEqual((await page.evaluate(() => window.stopped)).sort(), [['w-keys', 'stopped'], ['w-pubsub', 'stopped'], ['w-routing', 'stopped']]);
  // Each card sits over its own widget, and the host's own page is untouched.
  const [box, card] = await page.evaluate(() => {
    const w = document.getElementById('w-keys');
    return [w.getBoundingClientRect().toJSON(), w.shadowRoot.querySelector('.app-failure').getBoundingClientRect().toJSON()];
  });
  assert.ok(card.top >= box.top && card.bottom <= box.bottom && card.left >= box.left && card.right <= box.right, 'the card is inside its widget');
  assert.equal(await page.locator('body > .app-failure').count(), 0);
  assert.equal(await page.locator('#host-button').isEnabled(), true);
  await screenshotWhole(page, path.join(SCREENSHOTS, 'crash-widgets.png'));
  await context.close();
});

test('a trap in other WebAssembly on the host page does not stop the widgets', async () => {
  const { page, context } = await open(browser, 'embed-test-host.html');
  await page.waitForFunction(() => document.querySelectorAll('brokerlab-sim[data-ready]').length === 3, null, { timeout: 30000 });
  // A module of the host's own: one function whose body is `unreachable`.
  await page.evaluate(async () => {
    addEventListener('error', (e) => { window.hostTrap = e.error?.message; });
    const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0, 10, 5, 1, 3, 0, 0, 11]);
    const { instance } = await WebAssembly.instantiate(bytes);
    setTimeout(() => instance.exports.f());
  });
  // The widgets' listener ran before the host's own (it was added first): by now it has decided.
  await page.waitForFunction(() => window.hostTrap !== undefined);
  assert.equal(await page.evaluate(() => window.hostTrap), 'unreachable');
  assert.equal(await page.locator('brokerlab-sim[data-stopped]').count(), 0);
  await context.close();
});

test('a widget whose bundle will not load says so inside itself', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.route('**/brokerlab-web_bg.wasm', (route) => route.abort());
  await page.goto(new URL('embed-test-host.html', process.env.BROKERLAB_URL).href);
  await page.waitForFunction(() => document.querySelectorAll('brokerlab-sim[data-stopped=start]').length === 3);
  const text = await page.evaluate(() => document.getElementById('w-pubsub').shadowRoot.querySelector('.app-failure').textContent);
  assert.match(text, /Brokerlab could not start/);
  await context.close();
});
