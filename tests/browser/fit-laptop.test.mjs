// The learner's screen at 1280×800, the common laptop, where space is tightest: English and
// Korean. (The walk is fit.mjs's `fitWalk`; the screens are split over three files so the
// browser tests' two workers share them.)
import { test, before, after } from 'node:test';
import { launch } from './harness.mjs';
import { fitWalk } from './fit.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

fitWalk(test, () => browser, { width: 1280, height: 800 }, 'en');
fitWalk(test, () => browser, { width: 1280, height: 800 }, 'ko');
