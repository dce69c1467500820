import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
const probe = () => { window.__f = 0; const loop = () => { window.__f++; requestAnimationFrame(loop); }; requestAnimationFrame(loop); };
for (const gpu of [true, false]) {
  const args = ['--headless', '--no-sandbox', '--disable-quic', '--no-first-run'];
  if (gpu) args.push('--disable-gpu');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
  const res = {};
  for (const name of ['floor', 'waapi', 'canvas']) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await ctx.addInitScript(probe);
    const page = await ctx.newPage();
    await page.setContent(readFileSync(`/tmp/exp/${name}.html`, 'utf8'));
    await page.waitForTimeout(500);
    const cdp = await ctx.newCDPSession(page); await cdp.send('Performance.enable');
    const m = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
    const b = await m(); const f0 = await page.evaluate(() => window.__f);
    await page.waitForTimeout(3000);
    const a = await m(); const f1 = await page.evaluate(() => window.__f);
    res[name] = `${((a.TaskDuration - b.TaskDuration) * 1000 / (f1 - f0)).toFixed(2)}ms style${((a.RecalcStyleDuration - b.RecalcStyleDuration) * 1000 / (f1 - f0)).toFixed(3)} n${((a.RecalcStyleCount - b.RecalcStyleCount) / (f1 - f0)).toFixed(2)}`;
    await ctx.close();
  }
  console.log(gpu ? 'disable-gpu' : 'default', JSON.stringify(res));
  await browser.close();
}
