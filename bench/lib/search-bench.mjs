// Issue 16's figures, run by the history scenario on its seeded room: searchMessages (the web app's own
// SearchMessages document) for a common word, a rare word and a phrase against the newest-page history query in the
// same run, in alternating rounds; and sendMessage (the web app's SendMessage document) with @mentions against
// without, by senders who differ.
import { log, round, summarize } from './common.mjs';
import { searchTerms } from './corpus.mjs';
import { webDocument } from './web-document.mjs';
import { roundAll, timed } from '../scenarios/sending.mjs';

/**
 * Alternates `kinds` (name -> request) in `rounds` rounds of `seconds / rounds` each with `concurrency` workers
 * (after a 1 s warm-up of each), so drift on a shared machine weighs on all alike. Returns per kind: req/s, latency.
 */
export async function alternate(load, url, kinds, { seconds, rounds, concurrency, label, freshClientId = false }) {
  const acc = Object.fromEntries(Object.keys(kinds).map((k) => [k, { ok: 0, failed: 0, ms: 0, latencies: [], firstError: null }]));
  for (const [, requests] of Object.entries(kinds)) await load.request({ type: 'run', url, perWorker: requests, concurrency, durationMs: 1000, freshClientId }, 'done');
  const per = (seconds / rounds) * 1000;
  for (let r = 0; r < rounds; r++) {
    for (const [name, requests] of Object.entries(kinds)) {
      const res = await timed(`${label}: ${name}, round ${r + 1}/${rounds}`, Math.round(per / 1000), load.request({ type: 'run', url, perWorker: requests, concurrency, durationMs: per, freshClientId }, 'done'));
      const a = acc[name];
      a.ok += res.ok;
      a.failed += res.failed;
      a.ms += res.ms;
      a.firstError ??= res.firstError;
      for (const l of res.latencies) a.latencies.push(l);
    }
  }
  const out = {};
  for (const [name, a] of Object.entries(acc)) {
    if (a.failed) log(`  ${label} ${name}: ${a.failed} failed (${a.firstError})`);
    out[name] = { perSecond: a.ok / (a.ms / 1000), latency: summarize(a.latencies), ok: a.ok, failed: a.failed, firstError: a.firstError };
  }
  return out;
}

/** The common word, the rare word and the phrase (bench/lib/corpus.mjs). */
export const TERMS = searchTerms();

/** searchMessages for the three terms against the newest page; `page` is the history scenario's newest-page request. */
export async function measureSearch({ load, server, roomId, token, page, seconds, rounds, concurrency, label }) {
  const query = webDocument('SearchMessages');
  const search = (q) => [[{ query, variables: { query: q, roomId }, token }]];
  const kinds = { newest: [[page]], common: search(TERMS.common), rare: search(TERMS.rare), phrase: search(TERMS.phrase) };
  return alternate(load, server.url, kinds, { seconds, rounds, concurrency, label });
}

/**
 * sendMessage with two @mentions of room members against the same text without, `senders` members each sending as
 * themselves into the room (`mentionable`: usernames of other members).
 */
export async function measureMentions({ load, server, roomId, senders, mentionable, seconds, rounds }) {
  const query = webDocument('SendMessage');
  const text = 'can you look at the release notes before the meeting tomorrow';
  const req = (s, i, withMentions) => ({
    query,
    token: s.token,
    variables: { input: { roomId, body: withMentions ? `@${mentionable[(2 * i) % mentionable.length]} @${mentionable[(2 * i + 1) % mentionable.length]} ${text}` : text, clientId: 'x' } },
  });
  const kinds = { without: senders.map((s, i) => [req(s, i, false)]), mentions: senders.map((s, i) => [req(s, i, true)]) };
  return { senders: senders.length, ...(await alternate(load, server.url, kinds, { seconds, rounds, concurrency: senders.length, label: 'sendMessage', freshClientId: true })) };
}

export function searchRows(db, r, targets) {
  const rows = [];
  const nl = r.newest.latency;
  for (const kind of ['common', 'rare', 'phrase']) {
    const l = r[kind].latency;
    const target = targets?.[kind];
    rows.push({
      figure: `${db}: searchMessages ${kind} (${TERMS[kind]}) p50 / p99 (ms), vs newest page`,
      value: `${round(l.p50)} / ${round(l.p99)}`,
      baseline: `${round(nl.p50)} / ${round(nl.p99)}`,
      ratio: l.p99 / nl.p99,
      target: target ? `p99 < ${target} ms` : 'reported',
      met: target ? l.p99 < target && r[kind].failed === 0 : null,
    });
    rows.push({ figure: `${db}: searchMessages ${kind} req/s, vs newest page`, value: round(r[kind].perSecond, 0), baseline: round(r.newest.perSecond, 0), ratio: r[kind].perSecond / r.newest.perSecond, target: 'reported', met: null });
  }
  return rows;
}

export function mentionRows(r) {
  const w = r.mentions.latency;
  const o = r.without.latency;
  return [
    { figure: `sendMessage with 2 @mentions vs without (sends/s, ${r.senders} senders)`, value: round(r.mentions.perSecond, 0), baseline: round(r.without.perSecond, 0), ratio: r.mentions.perSecond / r.without.perSecond, target: 'reported', met: r.mentions.failed ? false : null },
    { figure: 'sendMessage p50 / p99 (ms): with @mentions / without', value: `${round(w.p50)} / ${round(w.p99)}`, baseline: `${round(o.p50)} / ${round(o.p99)}`, ratio: w.p99 / o.p99, target: 'reported', met: null },
  ];
}

export const detail = (r) => Object.fromEntries(Object.entries(r).filter(([, v]) => typeof v === 'object').map(([k, v]) => [k, { perSecond: round(v.perSecond, 0), ok: v.ok, failed: v.failed, latencyMs: roundAll(v.latency) }]));
