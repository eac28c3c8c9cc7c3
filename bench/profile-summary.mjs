// Summarizes a V8 .cpuprofile (written with BENCH_PROFILE=<scenario>): self time by function and by package.
// Usage: node bench/profile-summary.mjs bench/.work/profiles/<file>.cpuprofile [top]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 30);
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = prof.timeDeltas;
for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const fn = new Map();
const pkg = new Map();
for (const [id, us] of self) {
  const n = byId.get(id);
  const cf = n.callFrame;
  const where = cf.url.replace(/^file:\/\//, '').replace(/.*node_modules\//, 'nm:');
  const key = `${cf.functionName || '(anon)'} ${where.split('/').slice(-2).join('/')}:${cf.lineNumber + 1}`;
  fn.set(key, (fn.get(key) ?? 0) + us);
  const p = !cf.url ? `(${cf.functionName || 'native'})` : where.startsWith('nm:') ? where.slice(3).split('/').slice(0, where.slice(3).startsWith('@') ? 2 : 1).join('/') : where.includes('/dist/') ? 'parley:' + where.split('/dist/')[1] : where.startsWith('node:') ? where : 'other';
  pkg.set(p, (pkg.get(p) ?? 0) + us);
}
const show = (m, title) => {
  console.log(`\n${title} (total ${(total / 1e3).toFixed(0)} ms sampled)`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
};
show(pkg, 'Self time by package / file');
show(fn, 'Self time by function');

// Inclusive time of Parley's own functions (dist/src/...): where the server's time goes, by our call sites.
const children = new Map(prof.nodes.map((n) => [n.id, n.children ?? []]));
const incl = new Map();
function walk(id, stack) {
  const n = byId.get(id);
  const cf = n.callFrame;
  let t = self.get(id) ?? 0;
  const own = cf.url.includes('/dist/src/') ? `${cf.functionName || '(anon)'} ${cf.url.split('/dist/')[1]}:${cf.lineNumber + 1}` : null;
  const pushed = own && !stack.has(own);
  if (pushed) stack.add(own);
  for (const c of children.get(id)) t += walk(c, stack);
  if (pushed) {
    stack.delete(own);
    incl.set(own, (incl.get(own) ?? 0) + t);
  }
  return t;
}
walk(prof.nodes[0].id, new Set());
show(incl, 'Inclusive time of Parley functions');
