// What a learner sees of a lesson step without scrolling: where the diagram, the current
// step's text, its action and Back/Next are, against the viewport, and the smallest text any
// diagram draws, in CSS px on screen (its font size times the drawing's scale).

import assert from 'node:assert/strict';
import path from 'node:path';
import { open, SCREENSHOTS, clean } from './harness.mjs';

/// The walk every fit test makes: at `size` in `lang`, every step of every lesson, before and
/// after its action, shows the whole diagram, the step's text, its action and Back/Next without
/// scrolling the page (sideways only inside the diagram, on a phone); at 1280×800 no diagram
/// text is smaller than 11 px; every lesson asks at least once.
export function fitWalk(test, browser, size, lang) {
  test(`${size.width}×${size.height}, ${lang}: every step shows the diagram, its text, its action and Back/Next without scrolling`, async () => {
    const { page, record, context } = await openLearner(browser(), size, lang);
    const sideways = size.width < 700;
    const problems = [];
    const asked = {};
    let smallest = Infinity;
    const check = (when, id, step, m) => {
      const out = outside(m, { sideways });
      if (out.length) problems.push(`${id} step ${step + 1} ${when}: ${out.join(', ')}`);
      if (m.scrollWidth > size.width + 1) problems.push(`${id} step ${step + 1}: the page scrolls sideways (${m.scrollWidth})`);
      smallest = Math.min(smallest, m.smallest);
      if (size.width === 1280 && m.smallest < 11) problems.push(`${id} step ${step + 1}: text of ${m.smallest.toFixed(1)} px ("${m.smallestText}")`);
    };
    const ids = await everyStep(page, {
      each: (id, step, { m, asks }) => {
        if (asks) asked[id] = (asked[id] ?? 0) + 1;
        check('before its action', id, step, m);
      },
      acted: (id, step, m) => check('after its action', id, step, m),
    });
    await page.screenshot({ path: path.join(SCREENSHOTS, `learner-${size.width}-${lang}.png`) });
    assert.deepEqual(problems, []);
    assert.ok(ids.length >= 20, `${ids.length} lessons`);
    for (const id of ids) assert.ok(asked[id] >= 1, `lesson ${id} asks at least once`);
    const total = Object.values(asked).reduce((a, b) => a + b, 0);
    assert.ok(total >= 20, `${total} checkpoints`);
    console.log(`# ${size.width}×${size.height} ${lang}: ${total} checkpoints, smallest diagram text ${smallest.toFixed(1)} px`);
    clean(record);
    await context.close();
  });
}


/// A page at `size` in `lang` (and `theme`), as a learner's browser that chose them.
export async function openLearner(browser, size, lang, theme = 'light', fragment = '') {
  const opened = await open(browser, 'about:blank', size);
  await opened.page.addInitScript(([l, t]) => {
    localStorage.setItem('brokerlab.lang', l);
    localStorage.setItem('brokerlab.theme', t);
  }, [lang, theme]);
  await opened.page.goto(new URL(fragment, process.env.BROKERLAB_URL).href);
  await opened.page.waitForSelector('#play');
  return opened;
}

/// Every step of every lesson in turn: `each(lesson, step, before)` with the page measured
/// before the step's action (`before.m`, and `before.asks`: whether the step asks a question),
/// then its action, then `acted(lesson, step, m)` measured after it. A step is three calls into
/// the page (look, act, next), each waiting two frames for the page to render what the last
/// click changed: the page plays on meanwhile, so the fewer and shorter the calls, the less
/// the walk costs.
export async function everyStep(page, { each, acted }) {
  const ids = await page.$$eval('button.lesson', (bs) => bs.map((b) => b.dataset.lesson));
  const rendered = 'await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));';
  const look = `(async () => {
    ${rendered}
    window.scrollTo(0, 0);
    return { m: (${measureInPage})(), asks: !!document.querySelector('.lessons .checkpoint'),
             action: !!document.querySelector('.lessons .lesson-action') };
  })()`;
  const act = `(async () => {
    document.querySelector('.lessons .lesson-action').click();
    ${rendered}
    return (${measureInPage})();
  })()`;
  const next = `(() => {
    const next = document.querySelector('.lessons .lesson-next');
    if (!next || next.disabled) return false;
    next.click();
    return true;
  })()`;
  for (const id of ids) {
    if (await page.$('.all-lessons')) await page.click('.all-lessons');
    await page.click(`button.lesson[data-lesson="${id}"]`);
    await page.waitForSelector('.lessons li.open .steps');
    for (let step = 0; ; step += 1) {
      const before = await page.evaluate(look);
      each(id, step, before);
      if (before.action) acted?.(id, step, await page.evaluate(act));
      if (!(await page.evaluate(next))) break;
    }
  }
  return ids;
}

/// Measures the page as it is now. Rectangles are in viewport coordinates.
export async function measure(page) {
  return page.evaluate(measureInPage);
}

/// [`measure`]'s work, run in the page (also inside the walk's own page calls).
function measureInPage() {
  const rect = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height };
  };
  let smallest = Infinity;
  let smallestText = '';
  for (const svg of document.querySelectorAll('svg.diagram')) {
    const ctm = svg.getScreenCTM();
    if (!ctm) continue;
    const scale = Math.hypot(ctm.a, ctm.b);
    for (const text of svg.querySelectorAll('text')) {
      if (!text.textContent.trim() || text.getClientRects().length === 0) continue;
      const own = text.getScreenCTM();
      const s = own ? Math.hypot(own.a, own.b) : scale;
      const px = parseFloat(getComputedStyle(text).fontSize) * s;
      if (px < smallest) { smallest = px; smallestText = text.textContent.trim(); }
    }
  }
  return {
    viewport: { width: innerWidth, height: innerHeight },
    scrollWidth: document.documentElement.scrollWidth,
    diagrams: [...document.querySelectorAll('svg.diagram')].map(rect),
    step: rect(document.querySelector('.lessons .step.current .step-text') || document.querySelector('.lessons .step.current')),
    action: rect(document.querySelector('.lessons .lesson-action')),
    back: rect(document.querySelector('.lessons .lesson-back')),
    next: rect(document.querySelector('.lessons .lesson-next')),
    smallest, smallestText,
  };
}

/// What does not fit: the names of the parts (diagram, step, action, back, next) outside the
/// viewport, vertically; horizontally too unless the diagram may scroll sideways (a phone).
export function outside(m, { sideways = false } = {}) {
  const out = [];
  const check = (name, r) => {
    if (!r) return;
    if (r.top < -0.5 || r.bottom > m.viewport.height + 0.5) out.push(`${name} ${Math.round(r.top)}..${Math.round(r.bottom)}`);
    if (!sideways && (r.left < -0.5 || r.right > m.viewport.width + 0.5)) out.push(`${name} x ${Math.round(r.left)}..${Math.round(r.right)}`);
  };
  m.diagrams.forEach((d, i) => check(`diagram${i}`, d));
  check('step', m.step);
  check('action', m.action);
  check('back', m.back);
  check('next', m.next);
  return out;
}
