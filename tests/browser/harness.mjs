// Shared set-up for the browser tests: Debian's Chromium through playwright-core, a page that
// records console errors, uncaught exceptions and every request, so each test can assert the
// app made no request outside the local server.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const BASE_URL = process.env.BROKERLAB_URL;
if (!BASE_URL) {
  throw new Error('BROKERLAB_URL is not set: run the browser tests through `cargo xtask test`');
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS = path.resolve(here, '../../target/screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/// A picture of the whole page. The event log draws only the rows near the viewport
/// (`content-visibility: auto`), and a full-page capture does not scroll, so the log (at the
/// bottom of the page) is first scrolled into view; otherwise its rows show as empty lines.
export async function screenshotWhole(page, file) {
  await page.evaluate(() => new Promise((done) => {
    window.scrollTo(0, document.documentElement.scrollHeight);
    requestAnimationFrame(() => requestAnimationFrame(done));
  }));
  await page.screenshot({ path: file, fullPage: true });
  await page.evaluate(() => window.scrollTo(0, 0));
}

/// Opens `path` on the local server and starts recording what a test must check at the end.
export async function open(browser, pathAndFragment = '', viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const record = { consoleErrors: [], pageErrors: [], foreignRequests: [] };
  const origin = new URL(BASE_URL).origin;
  page.on('console', (msg) => { if (msg.type() === 'error') record.consoleErrors.push(msg.text()); });
  page.on('pageerror', (err) => record.pageErrors.push(String(err)));
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      record.foreignRequests.push(url);
    }
  });
  await page.goto(new URL(pathAndFragment, BASE_URL).href);
  return { context, page, record };
}

/// Kafka's murmur2 and default partitioner, written again in JavaScript from Kafka's
/// description, so the browser test checks the page against an independent implementation.
export function murmur2(bytes) {
  const seed = 0x9747b28c;
  const m = 0x5bd1e995;
  let h = (seed ^ bytes.length) >>> 0;
  const whole = bytes.length - (bytes.length % 4);
  for (let i = 0; i < whole; i += 4) {
    let k = (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24)) >>> 0;
    k = Math.imul(k, m) >>> 0;
    k = (k ^ (k >>> 24)) >>> 0;
    k = Math.imul(k, m) >>> 0;
    h = Math.imul(h, m) >>> 0;
    h = (h ^ k) >>> 0;
  }
  const rest = bytes.length % 4;
  if (rest >= 3) h = (h ^ (bytes[whole + 2] << 16)) >>> 0;
  if (rest >= 2) h = (h ^ (bytes[whole + 1] << 8)) >>> 0;
  if (rest >= 1) {
    h = (h ^ bytes[whole]) >>> 0;
    h = Math.imul(h, m) >>> 0;
  }
  h = (h ^ (h >>> 13)) >>> 0;
  h = Math.imul(h, m) >>> 0;
  h = (h ^ (h >>> 15)) >>> 0;
  return h | 0;
}

export function kafkaPartition(key, partitions) {
  return (murmur2(new TextEncoder().encode(key)) & 0x7fffffff) % partitions;
}

/// Every test ends with this: no console errors, no uncaught exceptions, no request outside
/// the local server.
export function clean(record) {
  assert.deepEqual(record.consoleErrors, [], 'console errors');
  assert.deepEqual(record.pageErrors, [], 'uncaught exceptions');
  assert.deepEqual(record.foreignRequests, [], 'requests outside the local server');
}

/// A share fragment (`#v1.`) for a scenario document.
export const fragmentFor = (doc) => '#v1.' + Buffer.from(JSON.stringify(doc)).toString('base64url');

/// A scenario that keeps records flowing (a producer every 150 ms, a group reading them), so
/// the page animates for as long as a test watches it.
export const BUSY = fragmentFor({
  version: 1, seed: 1, link_ms: 400,
  event_broker: {
    topics: [{ name: 'orders', partitions: 3 }],
    producers: [{ name: 'shop', topic: 'orders', every_ms: 150, keys: ['alice', 'bob', 'carol', 'dave'] }],
    groups: [{ name: 'payment', topics: ['orders'], processing_ms: 250 }],
  },
});
