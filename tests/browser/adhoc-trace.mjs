import { launch, BUSY } from './harness.mjs';
const urls = process.argv.slice(2);
const browser = await launch();
for (const url of urls) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await page.goto(new URL(BUSY, url).href);
  await page.waitForSelector('svg.diagram');
  await page.waitForTimeout(2000);
  const cdp = await ctx.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  await page.waitForTimeout(5000);
  await cdp.send('Tracing.end');
  await done;
  await ctx.close();
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const sums = new Map();
  let frames = 0;
  for (const e of events) {
    if (!main.has(`${e.pid}:${e.tid}`)) continue;
    if (e.name === 'BeginMainThreadFrame' || e.name === 'BeginFrame') frames++;
    if (e.ph !== 'X' || !e.dur) continue;
    sums.set(e.name, (sums.get(e.name) || 0) + e.dur / 1000);
  }
  console.log('==', url);
  [...sums.entries()].sort((a, b) => b[1] - a[1]).slice(0, 18).forEach(([k, v]) => console.log((v / 5).toFixed(1).padStart(8), 'ms/s', k));
}
await browser.close();
