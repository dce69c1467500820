// What a learner sees of a lesson step without scrolling: where the diagram, the current
// step's text, its action and Back/Next are, against the viewport, and the smallest text any
// diagram draws, in CSS px on screen (its font size times the drawing's scale).

/// Measures the page as it is now. Rectangles are in viewport coordinates.
export async function measure(page) {
  return page.evaluate(() => {
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
  });
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
