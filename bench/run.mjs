// `npm run bench` runs every scenario; `npm run bench -- <scenario> [size]` runs one. See bench/README.md.
import { execSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH, ROOT, SCALE, log, scaled } from './lib/common.mjs';
import { machine, renderResults, renderTable } from './lib/report.mjs';

const SCENARIOS = ['fanout', 'endtoend', 'shared', 'idle', 'history', 'sending', 'roomlist', 'logins', 'uploads'];

async function main() {
  const [only, size] = process.argv.slice(2);
  if (only && !SCENARIOS.includes(only)) {
    console.error(`Unknown scenario "${only}". Scenarios: ${SCENARIOS.join(', ')}. Usage: npm run bench -- [scenario] [size]`);
    process.exit(2);
  }
  const started = Date.now();
  const m = machine();
  if (SCALE !== 1) log(`BENCH_SCALE=${SCALE}: default sizes, counts and phase lengths scaled (figures not comparable with a full run)`);
  log(`Parley benchmark on ${m.cpus}, ${m.memory}, Node ${m.node}, ${m.postgres}, Redis ${m.redis}; open files limit ${m.openFiles}`);
  if (!process.env.BENCH_SKIP_BUILD) {
    log('building the production server (scripts/build-server.mjs; skipped when dist/ matches the sources)...');
    execSync('node scripts/build-server.mjs', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const results = [];
  for (const name of only ? [only] : SCENARIOS) {
    const mod = await import(`./scenarios/${name}.mjs`);
    const s = size ?? scaled(mod.defaults.size, mod.defaults.minSize ?? 1);
    log(`\n[${name}] size ${s}`);
    const t0 = Date.now();
    const loadBefore = os.loadavg().map((v) => Math.round(v * 100) / 100);
    let result;
    try {
      result = await mod.run(s);
    } catch (err) {
      result = { rows: [], error: String(err?.stack ?? err) };
      log(`  FAILED: ${result.error}`);
    }
    const record = { scenario: name, size: Number(s), scale: SCALE, seconds: Math.round((Date.now() - t0) / 1000), at: new Date().toISOString(), loadBefore, loadAfter: os.loadavg().map((v) => Math.round(v * 100) / 100), machine: m, ...result };
    writeFileSync(path.join(BENCH, 'results', `${name}.json`), JSON.stringify(record, null, 2) + '\n');
    results.push(record);
    log(renderTable([record]));
  }
  const total = Math.round((Date.now() - started) / 1000);
  log(`\nAll done in ${Math.floor(total / 60)} min ${total % 60} s.`);
  log(renderTable(results));
  writeFileSync(path.join(BENCH, 'RESULTS.md'), renderResults({ full: !only, totalSeconds: total }));
  log('Wrote bench/RESULTS.md');
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
