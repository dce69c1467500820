// The learner's screen at 1440×900 and 1920×1080: the Korean texts, the longer ones, stand for
// both languages. (The walk is fit.mjs's `fitWalk`.)
import { test, before, after } from 'node:test';
import { launch } from './harness.mjs';
import { fitWalk } from './fit.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

fitWalk(test, () => browser, { width: 1440, height: 900 }, 'ko');
fitWalk(test, () => browser, { width: 1920, height: 1080 }, 'ko');
