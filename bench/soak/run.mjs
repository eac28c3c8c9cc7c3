// `npm run soak [-- outage|churn]`: the slow fault runs of issue 12 against the production build, on a redis-server
// and a PostgreSQL database of their own (127.0.0.1 only). Prints the figures and a verdict; writes
// bench/results/soak.json. SOAK_SECONDS (default 300) sets the churn's length. See bench/SOAK.md.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH } from '../lib/common.mjs';
import { runChurn } from './churn.mjs';
import { runOutage } from './outage.mjs';
import { say } from './lib.mjs';

const num = (v) => (typeof v === 'number' ? String(Math.round(v * 10) / 10) : String(v));

function printOutage(o) {
  say(`\n== Outage run (two instances, 20 msg/s; load average at the end ${o.loadAverage.join(' / ')}) ==`);
  const b = o.healthzWithRedisUp;
  say(`before the outages (Redis up): send latency p50 ${o.sendLatencyBeforeOutageMs.p50} ms, max ${o.sendLatencyBeforeOutageMs.max} ms; /healthz ${JSON.stringify(b.statuses)}, p50 ${b.p50LatencyMs} ms, max ${b.maxLatencyMs} ms`);
  say(`sends attempted ${o.sendsAttempted}, failed (after the retry) ${o.sendsFailed}, stored but reported failed ${o.sendsStoredButReportedFailed} (must be 0), reported ok but not stored ${o.sendsReportedOkButNotStored}`);
  say(`first attempts the client gave up on (no answer in 30 s; retried once with the same clientId): ${o.firstAttemptsUnanswered}, of which stored ${o.firstAttemptsUnansweredButStored}`);
  if (o.sendsFailed) say(`  failures: ${JSON.stringify(o.failuresByError)}`);
  say('| subscriber | received | lost | duplicated | out of order |\n|---|---|---|---|---|');
  for (const s of o.subscribers) say(`| ${s.subscriber} | ${s.received} | ${s.lost} | ${s.duplicated} | ${s.outOfOrder} |`);
  for (const p of o.phases) {
    say(`\n-- ${p.phase} --`);
    say(`sends during the outage ${p.sendsDuring}, failed ${p.sendsFailedDuring}, latency p50 ${p.sendLatencyDuringMs.p50} ms, max ${p.sendLatencyDuringMs.max} ms`);
    say(`mutations during the outage: ${p.mutations.map((m) => `${m.op} ${m.ok ? 'ok' : `FAILED ${m.error}`}`).join(', ')} (all answered in ${Math.max(...p.mutations.map((m) => m.ms))} ms)`);
    say(`revocations committed (database time) ${JSON.stringify(p.revocationCommittedMsAfterRequest)} ms after they were sent`);
    say('| revoked socket | received after Redis back (any) | received, stored after its revocation committed | of those after Redis back | ended (ms after revocation sent) | ended (ms after Redis back) | how |\n|---|---|---|---|---|---|---|');
    for (const r of p.revoked) say(`| ${r.socket} | ${r.receivedAfterRedisBack} | ${r.storedAfterRevocationReceived} | ${r.storedAfterRevocationReceivedAfterBack} | ${r.endedMsAfterRevocation ?? 'never'} | ${r.endedMsAfterRedisBack ?? 'never'} | ${r.how} |`);
    say(`revoked sockets still receiving after Redis returned: ${p.revokedStillReceivingAfterRedisBack} (must be 0)`);
    say(`first cross-instance delivery ${p.firstCrossInstanceDeliveryMsAfterBack} ms after Redis returned; every outage send delivered everywhere ${p.allOutageSendsDeliveredMsAfterBack} ms after; both /healthz 200 and every revoked stream ended ${p.healthMsAfterBack} ms after (/healthz meanwhile: ${JSON.stringify(p.healthzWhileRecovering)})`);
    const h = p.healthz;
    say(`/healthz during the outage: ${h.answers} answers, statuses ${JSON.stringify(h.statuses)}, p50 latency ${h.p50LatencyMs} ms, max ${h.maxLatencyMs} ms, down ${h.down}, pubsub ${h.pubsubKind}: ${h.allWithin1sAnd503 ? 'every answer 503 naming redis within 1 s' : 'NOT every answer a 503 within 1 s'}`);
  }
}

function printChurn(c) {
  say(`\n== Churn soak (${c.soakSeconds} s, ${c.clients} clients, ${c.cycles} cycles) ==`);
  say('| figure | before | after | change | rule | result |\n|---|---|---|---|---|---|');
  for (const check of c.verdict.checks) {
    const b = c.before[check.figure];
    const a = c.after[check.figure];
    say(`| ${check.figure} | ${num(b)} | ${num(a)} | ${a - b >= 0 ? '+' : ''}${num(a - b)} | ${check.rule} | ${check.ok ? 'ok' : 'NOT ok'} |`);
  }
  const map = (m) => `${num(m.brk)} / ${num(m.arenas)} (${m.arenaCount}) / ${num(m.anon)} / ${num(m.file)}`;
  for (const k of ['shared results kept', 'their frame bodies / the ArrayBuffers under them (MiB)']) say(`${k}: before ${c.before[k]}, after ${c.after[k]}`);
  const maps = `before ${map(c.before['RSS by mapping (MiB)'])}, after ${map(c.after['RSS by mapping (MiB)'])}`;
  say(`RSS by mapping (MiB; brk / other malloc arenas (count) / other anonymous / files): ${maps}`);
  if (c.samples.length) {
    say(`during the soak (heap MiB without a forced GC): ${c.samples.map((s) => `${s.s}s ${num(s.heap)} (${s.sockets} sockets, ${s.channels} channels, ${s.online} online)`).join(', ')}`);
    say('\nduring the soak, after a forced GC (MiB; live sockets still open):');
    const head = ['s', 'cycles', 'heap used', 'heap total', 'external', 'array buffers', 'shared results (ArrayBuffers under them)', 'RSS', 'RSS outside the heap'];
    head.push('malloc in use / held', 'brk / arenas (count) / other anon / files');
    say(`| ${head.join(' | ')} |\n|${'---|'.repeat(head.length)}`);
    for (const { s, cycles, gc } of c.samples) {
      const malloc = `${gc.mallocInUse ?? 'n/a'} / ${gc.mallocHeld ?? 'n/a'}`;
      const row = [s, cycles, gc.heapUsed, gc.heapTotal, gc.external, gc.arrayBuffers, `${gc.kept} (${gc.keptBacking})`, gc.rss, num(gc.rss - gc.heapTotal), malloc, map(gc.map)];
      say(`| ${row.join(' | ')} |`);
    }
  }
  say(`verdict: ${c.verdict.ok ? 'no leak: every figure back to baseline or within its allowance' : 'LEAK or residue: see the rows NOT ok'}`);
}

async function main() {
  const only = process.argv[2];
  if (only && !['outage', 'churn'].includes(only)) {
    console.error('Usage: npm run soak [-- outage|churn]');
    process.exit(2);
  }
  const results = { at: new Date().toISOString() };
  let ok = true;
  if (!only || only === 'outage') {
    say('Outage run: Redis killed for 10 s, then frozen for 10 s, under a 20 msg/s sender...');
    results.outage = await runOutage();
    printOutage(results.outage);
    const o = results.outage;
    ok &&= o.sendsStoredButReportedFailed === 0 && o.phases.every((p) => p.revokedStillReceivingAfterRedisBack === 0 && p.healthz.allWithin1sAnd503);
    ok &&= o.subscribers.every((s) => s.lost === 0 && s.duplicated === 0 && s.outOfOrder === 0);
  }
  if (!only || only === 'churn') {
    say('\nChurn soak...');
    results.churn = await runChurn();
    printChurn(results.churn);
    ok &&= results.churn.verdict.ok;
  }
  writeFileSync(path.join(BENCH, 'results', only ? `soak-${only}.json` : 'soak.json'), JSON.stringify(results, null, 2) + '\n');
  say(`\n${ok ? 'PASS' : 'FAIL'}: figures in bench/results/${only ? `soak-${only}.json` : 'soak.json'}`);
  process.exit(ok ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
