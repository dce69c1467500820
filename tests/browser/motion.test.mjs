// Motion: tokens are drawn on a canvas over the diagram (no node per token). With
// `prefers-reduced-motion: reduce` they do not travel (still at the source, then at the
// destination) and the binding does not flash; the canvas is hidden from assistive technology
// and a text says what is in flight instead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, open, SCREENSHOTS, clean, BUSY, fragmentFor } from './harness.mjs';
import { floodScenario } from './perf.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const leoSum = () => [...document.querySelectorAll('tr[data-testid^="partition-stats-"]')]
  .reduce((sum, tr) => sum + Number(tr.dataset.leo), 0);

// Opaque pixels on the token canvas: tokens really are drawn, not only counted.
const inked = () => {
  const canvas = document.querySelector('canvas.token-canvas');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let n = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
  return n;
};

// Opaque pixels of exactly the colour `rgb` on the token canvas (run in the page).
const exactly = (rgb) => {
  const canvas = document.querySelector('canvas.token-canvas');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i] === rgb[0] && data[i + 1] === rgb[1] && data[i + 2] === rgb[2] && data[i + 3] === 255) n++;
  }
  return n;
};

/// On a paused page: system → light → dark theme, the rings drawn in each theme's panel
/// colour. Returns the light rings counted, and those left once the dark ones are drawn.
async function lightThenDark(page) {
  const panel = () => page.evaluate(() => getComputedStyle(document.querySelector('canvas.token-canvas')).getPropertyValue('--token-ring').trim());
  await page.click('#theme');
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  assert.equal(await panel(), '#ffffff');
  const light = await page.evaluate(exactly, [255, 255, 255]);
  await page.click('#theme');
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  assert.equal(await panel(), '#171e28');
  await page.waitForFunction(`(${exactly})([0x17, 0x1e, 0x28]) > 0`);
  return { light, left: await page.evaluate(exactly, [255, 255, 255]) };
}

for (const reducedMotion of ['no-preference', 'reduce']) {
  test(`tokens travel and arrive on the canvas (${reducedMotion})`, async () => {
    const { page, record, context } = await open(browser, BUSY);
    await page.waitForSelector('svg.diagram.event g.partition');
    // Switched while the page runs: the next frame follows the preference.
    await page.emulateMedia({ reducedMotion });
    const canvas = page.locator('canvas.token-canvas');
    // The motion the canvas draws with follows the preference.
    await page.waitForFunction((m) => document.querySelector('canvas.token-canvas')?.dataset.motion === m,
      reducedMotion === 'reduce' ? 'reduced' : 'full');
    assert.equal(await canvas.getAttribute('aria-hidden'), 'true');
    // No token is an element of the diagram any more.
    assert.equal(await page.locator('svg.diagram .token').count(), 0);

    // Tokens are in flight, and records are appended as they arrive.
    const before = await page.evaluate(leoSum);
    await page.waitForFunction(() => Number(document.querySelector('canvas.token-canvas').dataset.tokens) > 0);
    await page.waitForFunction((b) => {
      const sum = [...document.querySelectorAll('tr[data-testid^="partition-stats-"]')]
        .reduce((s, tr) => s + Number(tr.dataset.leo), 0);
      return sum >= b + 5;
    }, before, { timeout: 20000 });
    assert.match(await page.locator('.tokens-summary').textContent(), /^\d+ records? in flight$/);

    // Paused with tokens in flight: the canvas holds them, drawn.
    await page.click('#play');
    await page.waitForFunction(() => document.querySelector('#play').getAttribute('aria-pressed') === 'true');
    const tokens = Number(await canvas.getAttribute('data-tokens'));
    const ink = await page.evaluate(inked);
    if (tokens > 0) assert.ok(ink > 0, `${tokens} tokens in flight left ink on the canvas`);
    else assert.equal(ink, 0, 'no token in flight, nothing drawn');
    // Stepping while paused moves time on; the tokens that have landed are gone from the
    // canvas and the count follows.
    const clock = await page.locator('.clock').textContent();
    await page.click('#step');
    await page.waitForFunction((c) => document.querySelector('.clock').textContent !== c, clock);
    await page.waitForFunction(() => {
      const c = document.querySelector('canvas.token-canvas');
      const t = Number(c.dataset.tokens);
      const summary = document.querySelector('.tokens-summary').textContent;
      return summary === `${t} record${t === 1 ? '' : 's'} in flight`;
    });
    await page.screenshot({ path: path.join(SCREENSHOTS, `motion-${reducedMotion}.png`) });
    clean(record);
    await context.close();
  });
}

test('reduced motion: routing is shown without the flashing binding highlight', async () => {
  const strokes = {};
  for (const reducedMotion of ['no-preference', 'reduce']) {
    const { page, record, context } = await open(browser, '');
    await page.emulateMedia({ reducedMotion });
    await page.click('#tab-message');
    await page.waitForSelector('svg.diagram.message g.queue[data-queue="work"]');
    await page.selectOption('#speed', '0.25');
    await page.click('#publish');
    // The routing moment: the binding carries the pulse class while it lasts.
    await page.waitForSelector('svg.diagram.message line.edge.pulse', { timeout: 20000 });
    strokes[reducedMotion] = await page.evaluate(() => {
      const pulse = document.querySelector('svg.diagram.message line.edge.pulse');
      const plain = document.querySelector('svg.diagram.message line.edge:not(.pulse)');
      const s = (el) => { const c = getComputedStyle(el); return `${c.stroke} ${c.strokeWidth} ${c.strokeDasharray}`; };
      return { pulse: s(pulse), plain: s(plain) };
    });
    // The message still travels on to its queues and consumers, and is acked.
    await page.selectOption('#speed', '4');
    await page.waitForFunction(() => [...document.querySelectorAll('#event-log li')].some((li) => li.dataset.kind === 'message_acked'),
      null, { timeout: 30000 });
    assert.equal(await page.locator('canvas.token-canvas').getAttribute('data-motion'), reducedMotion === 'reduce' ? 'reduced' : 'full');
    clean(record);
    await context.close();
  }
  assert.notEqual(strokes['no-preference'].pulse, strokes['no-preference'].plain, 'the pulse highlights the binding');
  assert.equal(strokes.reduce.pulse, strokes.reduce.plain, 'with reduced motion the binding does not flash');
});

test('the token summary speaks Korean too', async () => {
  const { page, record, context } = await open(browser, BUSY);
  await page.waitForSelector('svg.diagram.event g.partition');
  await page.selectOption('#lang', 'ko');
  await page.waitForFunction(() => /^이동 중인 레코드 \d+개$/.test(document.querySelector('.tokens-summary')?.textContent ?? ''));
  await page.click('#tab-message');
  await page.waitForFunction(() => /^이동 중인 메시지 \d+개$/.test(document.querySelector('.tokens-summary')?.textContent ?? ''));
  clean(record);
  await context.close();
});

test('the rings are redrawn in the new theme\'s panel colour when the theme changes', async () => {
  const { page, record, context } = await open(browser, BUSY);
  await page.waitForSelector('svg.diagram.event g.partition');
  // Pause with records in flight, so only the theme change can redraw the canvas.
  await page.waitForFunction(() => Number(document.querySelector('canvas.token-canvas').dataset.tokens) >= 3);
  await page.click('#play');
  await page.waitForFunction(() => document.querySelector('#play').getAttribute('aria-pressed') === 'true');
  assert.ok(Number(await page.locator('canvas.token-canvas').getAttribute('data-tokens')) > 0);
  const { light, left } = await lightThenDark(page);
  assert.ok(light > 0, 'light rings were drawn in the light panel colour');
  assert.equal(left, 0, 'no light ring is left in the dark theme');
  clean(record);
  await context.close();
});

test('from 200 tokens a frame is composed in one put: tokens drawn, each theme\'s rings, nothing left of the last frame', async () => {
  // One producer sending every 2 ms over 1 s hops: about 500 tokens in flight.
  const flood = fragmentFor(floodScenario(1000, 2));
  const { page, record, context } = await open(browser, flood);
  await page.waitForSelector('svg.diagram.event g.partition');
  await page.waitForFunction(() => {
    const c = document.querySelector('canvas.token-canvas');
    return Number(c.dataset.tokens) >= 300 && c.dataset.paint === 'pixels';
  }, null, { timeout: 20000 });
  assert.ok(await page.evaluate(inked) > 0, 'the composed frame has tokens in it');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'tokens-composed.png') });
  // Paused (past 2 s, so that 370 ms earlier as many tokens fly), only the theme change
  // redraws the canvas, still composed: the tokens stay.
  await page.waitForFunction(() => Number(document.querySelector('#scrubber').value) >= 2000, null, { timeout: 20000 });
  await page.click('#play');
  await page.waitForFunction(() => document.querySelector('#play').getAttribute('aria-pressed') === 'true');
  const { light, left } = await lightThenDark(page);
  assert.equal(await page.locator('canvas.token-canvas').getAttribute('data-paint'), 'pixels');
  assert.ok(light > 0, 'light rings were composed in the light panel colour');
  assert.equal(left, 0, 'nothing of the light frame is left in the dark one');
  // Back 370 ms on the timeline, still paused: the tokens stand elsewhere, about as many. A
  // frame that kept the last one's pixels would hold both sets.
  const before = await page.evaluate(inked);
  const at = Number(await page.$eval('#scrubber', (s) => s.value));
  const back = Math.round((at - 370) / 10) * 10;
  await page.$eval('#scrubber', (s, v) => { s.value = String(v); s.dispatchEvent(new Event('change', { bubbles: true })); }, back);
  await page.waitForFunction((v) => Number(document.querySelector('#scrubber').value) === v, back);
  await page.waitForFunction(() => document.querySelector('canvas.token-canvas').dataset.paint === 'pixels');
  const after = await page.evaluate(inked);
  assert.ok(after > 0 && after < before * 1.3, `inked pixels ${before} → ${after}`);
  clean(record);
  await context.close();
});

// Counts the page's calls of requestAnimationFrame. `pass(n)` resolves after n frames of the
// browser's own, asking through the original, which is not counted.
function countFrameRequests() {
  const original = window.requestAnimationFrame.bind(window);
  const pass = (n) => new Promise((done) => {
    const step = () => (n-- <= 0 ? done() : original(step));
    original(step);
  });
  window.__frames = { asked: 0, pass };
  window.requestAnimationFrame = (callback) => { window.__frames.asked++; return original(callback); };
}

/// Opens `fragment` with the page's frame requests counted (`countFrameRequests`).
async function openCounted(fragment) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(countFrameRequests);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(new URL(fragment, process.env.BROKERLAB_URL).href);
  return { context, page, errors };
}

/// Frames the page asks for in 60 frames, counted after 20 more have let a last redraw (at most
/// 100 ms away) happen.
const framesAskedOnceSettled = (page) => page.evaluate(async () => {
  await window.__frames.pass(20);
  window.__frames.asked = 0;
  await window.__frames.pass(60);
  return window.__frames.asked;
});

test('paused, the page asks for no frames; playing again, it does', async () => {
  const { context, page, errors } = await openCounted(BUSY);
  await page.waitForFunction(() => Number(document.querySelector('canvas.token-canvas')?.dataset.tokens) > 0);
  assert.ok(await page.evaluate(() => window.__frames.asked) > 0, 'playing, the page asks for frames');

  await page.click('#play');
  await page.waitForFunction(() => document.querySelector('#play').getAttribute('aria-pressed') === 'true');
  const stopped = await page.$eval('.transport .clock', (c) => c.textContent);
  assert.equal(await framesAskedOnceSettled(page), 0, 'no frame asked for in 60 frames while paused');
  assert.equal(await page.$eval('.transport .clock', (c) => c.textContent), stopped, 'the clock stood still');

  await page.click('#play');
  await page.waitForFunction((t) => document.querySelector('.transport .clock').textContent !== t, stopped);
  assert.ok(await page.evaluate(() => window.__frames.asked) > 0, 'playing again, the page asks for frames');
  assert.deepEqual(errors, []);
  await context.close();
});

test('playing with nothing due, the page asks for no frames; a record produced then flies from the present', async () => {
  // No timers at all: a producer that sends only when told, and no consumers.
  const { context, page, errors } = await openCounted(fragmentFor({ version: 1, seed: 1, link_ms: 400,
    event_broker: { topics: [{ name: 'orders', partitions: 3 }], producers: [{ name: 'shop', topic: 'orders' }] } }));
  await page.waitForSelector('#produce');
  assert.equal(await page.$eval('#play', (b) => b.getAttribute('aria-pressed')), 'false', 'it plays');
  assert.equal(await framesAskedOnceSettled(page), 0, 'no frame asked for in 60 frames while nothing is due');

  // The clock's label counts on while the loop dozes (written at each doze's end, at most a
  // second apart), still with no frame asked for.
  const clock = () => page.$eval('.playback .clock', (s) => Number(s.textContent.replace(/^t = |s$/g, '')));
  const before = await clock();
  await page.evaluate(() => { window.__frames.asked = 0; });
  await page.waitForFunction((t) => Number(document.querySelector('.playback .clock').textContent.replace(/^t = |s$/g, '')) >= t + 1, before, { timeout: 10_000, polling: 100 });
  assert.equal(await page.evaluate(() => window.__frames.asked), 0, 'the label counted with no frame asked for');

  // The loop has dozed for up to a second: the record must still leave now, so its token is
  // drawn on its way (had it been sent at the time the doze began, its 400 ms hop would be over).
  await page.fill('#key', 'alice');
  await page.click('#produce');
  await page.waitForFunction(() => Number(document.querySelector('canvas.token-canvas').dataset.tokens) > 0);
  await page.waitForFunction(() => document.querySelector('#event-log li[data-kind="record_appended"]'));
  const sent = await page.$eval('#event-log li[data-kind="record_sent"]', (li) => Number(li.dataset.at));
  assert.ok(sent >= 1000, `sent at ${sent} ms of simulated time: the clock kept playing while the loop dozed`);

  // Rendered again after the loop wrote it, the label shows the render's time: back on the
  // scrubber to the record's moment, the label says that moment.
  await page.click('#play');
  const back = await page.$eval('#scrubber', (el, at) => {
    el.value = String(at);
    el.dispatchEvent(new Event('change', { bubbles: true }));
    return Number(el.value); // the scrubber's step of 10 ms rounds it
  }, sent);
  await page.waitForFunction((at) => document.querySelector('.playback .clock').textContent === `t = ${(at / 1000).toFixed(3)}s`, back);
  assert.equal(await page.$$eval('.playback .clock', (l) => l.length), 1, 'one label');
  assert.deepEqual(errors, []);
  await context.close();
});
