import { launch, BUSY } from './harness.mjs';
const url = process.argv[2];
const browser = await launch();
const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await ctx.newPage();
await page.goto(new URL(BUSY, url).href);
await page.waitForSelector('svg.diagram');
await page.waitForTimeout(2000);
const cdp = await ctx.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
await page.waitForTimeout(8000);
const { profile } = await cdp.send('Profiler.stop');
await browser.close();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = new Map();
for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) || 0) + (profile.timeDeltas[i] || 0));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
const total = new Map();
const tot = (id) => { if (total.has(id)) return total.get(id); const n = byId.get(id); let t = dt.get(id) || 0; for (const c of n.children || []) t += tot(c); total.set(id, t); return t; };
const root = profile.nodes[0].id; tot(root);
const self = new Map();
for (const n of profile.nodes) { const k = n.callFrame.functionName || n.callFrame.url.split('/').pop() || '(anon)'; self.set(k, (self.get(k) || 0) + (dt.get(n.id) || 0)); }
const span = profile.endTime - profile.startTime;
console.log('span ms', (span / 1000).toFixed(0));
console.log('top self (ms):');
[...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).forEach(([k, v]) => console.log((v / 1000).toFixed(1).padStart(8), k.slice(0, 120)));
const pats = (process.argv[3] || 'diagram,partitions,event_log,inspector,faults,transport,event_stage,app,frame_loop,token,render,absorb,advance').split(',');
const inc = new Map();
for (const n of profile.nodes) {
  const name = n.callFrame.functionName;
  for (const p of pats) {
    if (!name.includes(p)) continue;
    let a = parent.get(n.id), nested = false;
    while (a !== undefined) { if (byId.get(a).callFrame.functionName.includes(p)) { nested = true; break; } a = parent.get(a); }
    if (!nested) inc.set(p, (inc.get(p) || 0) + total.get(n.id));
  }
}
console.log('inclusive by pattern (ms over span):');
for (const [k, v] of inc) console.log((v / 1000).toFixed(1).padStart(8), k);
