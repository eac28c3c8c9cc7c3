// Compares two V8 heap snapshots (taken with BENCH_PROFILE=idle-heap): live objects and bytes by constructor that
// grew between them, divided by a count (the connections opened in between).
// Usage: node bench/heap-diff.mjs <before.heapsnapshot> <after.heapsnapshot> [per] [top]
import { readFileSync } from 'node:fs';

function byConstructor(file) {
  const snap = JSON.parse(readFileSync(file, 'utf8'));
  const f = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((k) => f.indexOf(k));
  const out = new Map();
  for (let i = 0; i < snap.nodes.length; i += f.length) {
    const type = types[snap.nodes[i + iType]];
    const name = type === 'object' || type === 'closure' ? snap.strings[snap.nodes[i + iName]] : `(${type})`;
    const key = type === 'closure' ? `closure ${name}` : name;
    const e = out.get(key) ?? { count: 0, bytes: 0 };
    e.count++;
    e.bytes += snap.nodes[i + iSize];
    out.set(key, e);
  }
  return out;
}

export function heapDiff(beforeFile, afterFile, per = 1, top = 40) {
  const a = byConstructor(beforeFile);
  const b = byConstructor(afterFile);
  const rows = [];
  let total = 0;
  for (const [k, v] of b) {
    const old = a.get(k) ?? { count: 0, bytes: 0 };
    const bytes = v.bytes - old.bytes;
    total += bytes;
    if (bytes > 0) rows.push({ k, count: (v.count - old.count) / per, bytes: bytes / per });
  }
  rows.sort((x, y) => y.bytes - x.bytes);
  const lines = [`heap growth per unit: ${(total / per / 1024).toFixed(2)} KiB (${per} units)`, '   bytes   count  constructor'];
  for (const r of rows.slice(0, top)) lines.push(`${r.bytes.toFixed(0).padStart(8)} ${r.count.toFixed(2).padStart(7)}  ${r.k.slice(0, 100)}`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [before, after, per, top] = process.argv.slice(2);
  console.log(heapDiff(before, after, Number(per ?? 1), Number(top ?? 40)));
}
