// The results table (console and Markdown) and bench/RESULTS.md.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH, ROOT } from './common.mjs';

const ORDER = ['fanout', 'endtoend', 'shared', 'idle', 'history', 'sending', 'roomlist', 'logins', 'uploads'];

function sh(cmd) {
  try {
    return execSync(cmd, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

export function machine() {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const dep = (n) => pkg.dependencies[n] ?? pkg.devDependencies?.[n];
  const cpus = os.cpus();
  return {
    cpus: `${cpus.length} x ${cpus[0]?.model?.trim() ?? 'cpu'}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB RAM`,
    os: `${os.type()} ${os.release()}`,
    node: process.versions.node,
    postgres: sh(`psql "${process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432'}/postgres" -tAc "select 'PostgreSQL ' || current_setting('server_version')"`),
    redis: sh('redis-cli -h 127.0.0.1 INFO server').match(/redis_version:(\S+)/)?.[1] ?? 'unknown',
    openFiles: sh('sh -c "ulimit -n"'),
    packages: Object.fromEntries(['graphql', 'graphql-ws', 'ws', 'type-graphql', '@apollo/server', '@mikro-orm/core', 'pg', 'ioredis', 'argon2'].map((n) => [n, dep(n)])),
    commit: sh('git rev-parse --short HEAD'),
    loadAverage: os.loadavg().map((v) => Math.round(v * 100) / 100),
  };
}

const fmt = (v) => (v === null || v === undefined ? '' : typeof v === 'number' ? (!Number.isFinite(v) ? 'n/a' : Math.abs(v) >= 0.1 || v === 0 ? String(Math.round(v * 100) / 100) : v.toPrecision(2)) : String(v));
const met = (m) => (m === true ? 'met' : m === false ? 'NOT met' : '');

export function renderTable(records) {
  const rows = [['scenario', 'figure', 'value', 'baseline', 'ratio', 'target', 'result']];
  for (const r of records) {
    if (r.error) rows.push([r.scenario, 'failed', r.error.split('\n')[0], '', '', '', 'NOT met']);
    for (const row of r.rows ?? []) rows.push([r.scenario, row.figure, fmt(row.value), fmt(row.baseline), row.ratio == null ? '' : `${fmt(row.ratio)}x`, row.target ?? '', met(row.met)]);
  }
  const widths = rows[0].map((_, i) => Math.min(60, Math.max(...rows.map((r) => String(r[i]).length))));
  return rows.map((r, j) => r.map((c, i) => String(c).slice(0, 60).padEnd(widths[i])).join('  ') + (j === 0 ? `\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : '')).join('\n');
}

export function loadRecords() {
  const dir = path.join(BENCH, 'results');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  // The bench scenarios' records only: `npm run soak` writes its own records (soak*.json) in the same folder.
  return files
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')))
    .filter((r) => ORDER.includes(r.scenario))
    .sort((a, b) => ORDER.indexOf(a.scenario) - ORDER.indexOf(b.scenario));
}

export function renderResults({ full, totalSeconds }) {
  const records = loadRecords();
  const m = records.at(-1)?.machine ?? machine();
  const out = [];
  out.push('# Benchmark results', '');
  out.push(
    `Written by \`npm run bench\` (${full ? `full run, all nine scenarios, ${Math.floor(totalSeconds / 60)} min ${totalSeconds % 60} s` : 'the last run of each scenario'}). ` +
      'Every scenario runs its baseline in the same run on the same machine, against the production build (`node dist/src/diagnostics/bench-main.js`: the production server plus the diagnostics endpoints) ' +
      'with PostgreSQL and Redis on 127.0.0.1. Load generators are separate Node processes.',
    '',
  );
  out.push('## Machine and versions', '');
  out.push(`- CPU: ${m.cpus}; ${m.memory}; ${m.os}`);
  out.push(`- Node ${m.node}; ${m.postgres}; Redis ${m.redis}; open files limit ${m.openFiles}; commit ${m.commit}`);
  out.push(`- Packages: ${Object.entries(m.packages).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  out.push('');
  out.push('## Figures', '');
  out.push('| scenario | size | figure | value | baseline | ratio | target | result |', '|---|---|---|---|---|---|---|---|');
  for (const r of records) {
    if (r.error) out.push(`| ${r.scenario} | ${r.size} | run failed: ${r.error.split('\n')[0].replace(/\|/g, '/')} | | | | | NOT met |`);
    for (const row of r.rows ?? []) {
      out.push(`| ${r.scenario} | ${r.size} | ${row.figure} | ${fmt(row.value)} | ${fmt(row.baseline)} | ${row.ratio == null ? '' : `${fmt(row.ratio)}x`} | ${row.target ?? ''} | ${met(row.met)} |`);
    }
  }
  out.push('');
  out.push('## Details per scenario', '');
  for (const r of records) {
    out.push(`### ${r.scenario} (size ${r.size}, ${r.seconds} s, ${r.at}; load average before it ${r.loadBefore?.join(' / ') ?? 'n/a'}, after ${r.loadAfter?.join(' / ') ?? 'n/a'})`, '');
    out.push('```json', JSON.stringify(r.details ?? r.error ?? {}, null, 2), '```', '');
  }
  const notes = path.join(BENCH, 'NOTES.md');
  if (existsSync(notes)) out.push(readFileSync(notes, 'utf8'));
  return out.join('\n') + '\n';
}
