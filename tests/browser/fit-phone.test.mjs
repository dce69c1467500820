// The learner's screen on a 375 px phone, English and Korean: the diagram may scroll sideways
// inside its box, the page may not. (The walk is fit.mjs's `fitWalk`.)
import { test, before, after } from 'node:test';
import { launch } from './harness.mjs';
import { fitWalk } from './fit.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

fitWalk(test, () => browser, { width: 375, height: 812 }, 'en');
fitWalk(test, () => browser, { width: 375, height: 812 }, 'ko');
