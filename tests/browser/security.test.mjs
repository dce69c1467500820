// The page under attack: a strict Content-Security-Policy, and names, keys and values from a
// crafted share link shown as text, never as markup.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, BASE_URL } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '"><script>alert(2)</script>',
  '<svg onload=alert(3)>',
  "javascript:alert(4)",
  '{{7*7}}<b onmouseover=alert(5)>',
];

test('the policy forbids inline script and eval, and the page obeys it', async () => {
  const response = await fetch(BASE_URL);
  const header = response.headers.get('content-security-policy');
  assert.match(header, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(header, /unsafe-inline|'unsafe-eval'/);
  const { page, record, context } = await open(browser);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.reload();
  await page.waitForSelector('svg.diagram g.partition');
  assert.equal(await page.locator('meta[http-equiv="Content-Security-Policy"]').count(), 1);
  assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script');
  for (const tab of ['#tab-message', '#tab-compare', '#tab-event']) {
    await page.click(tab);
  }
  await page.click('#produce');
  // The record is drawn: the page handled the click and rendered what it caused.
  await page.waitForSelector('svg.diagram g.cell');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(record.pageErrors, []);
  assert.deepEqual(record.foreignRequests, []);
  await context.close();
});

test('script and event-handler payloads in every field of a shared scenario are shown as text', async () => {
  const scenario = {
    version: 1,
    event_broker: {
      topics: [{ name: PAYLOADS[1], partitions: 2 }],
      producers: [{ name: PAYLOADS[0], topic: PAYLOADS[1], every_ms: 300, keys: PAYLOADS }],
      groups: [{ name: PAYLOADS[2], topics: [PAYLOADS[1]], auto_offset_reset: 'earliest' },
               { name: PAYLOADS[4], topics: [PAYLOADS[1]], auto_offset_reset: 'earliest' }],
    },
  };
  const fragment = 'v1.' + Buffer.from(JSON.stringify(scenario)).toString('base64url');
  const { page, record, context } = await open(browser, '#' + fragment);
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  await page.waitForSelector('svg.diagram g.partition');
  await page.waitForFunction(() => document.querySelectorAll('svg.diagram g.cell').length >= 5, null, { timeout: 15000 });
  const text = await page.locator('body').textContent();
  for (const p of [PAYLOADS[0], PAYLOADS[2]]) {
    assert.ok(text.includes(p), `the literal text ${p} is shown`);
  }
  assert.equal(await page.locator('img[src="x"]').count(), 0, 'no element was made from a payload');
  assert.equal(await page.locator('b[onmouseover]').count(), 0);
  assert.equal(await page.locator('svg [onload]').count(), 0);
  const keys = await page.$$eval('svg.diagram g.cell', (cells) => cells.map((c) => c.dataset.key));
  assert.ok(keys.some((k) => PAYLOADS.includes(k)), 'payload keys kept verbatim as data');
  assert.deepEqual(dialogs, []);
  assert.deepEqual(record.pageErrors, []);
  assert.deepEqual(record.consoleErrors, []);
  await context.close();
});
