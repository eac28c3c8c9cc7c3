// Load process: a closed loop of GraphQL requests over HTTP (keep-alive), `concurrency` workers for `durationMs` or
// `maxRequests`. Each worker cycles through its own list of requests; `freshClientId` gives every send a new clientId.
import { randomUUID } from 'node:crypto';
import { childMain } from '../lib/common.mjs';

async function one(url, req, freshClientId) {
  let variables = req.variables;
  if (freshClientId) variables = { ...variables, input: { ...variables.input, clientId: randomUUID() } };
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(req.token ? { authorization: `Bearer ${req.token}` } : {}) },
    body: JSON.stringify({ query: req.query, variables }),
  });
  const j = await r.json();
  if (j.errors?.length) throw new Error(JSON.stringify(j.errors[0]));
  return j.data;
}

childMain({
  async run(m) {
    const latencies = [];
    let ok = 0;
    let failed = 0;
    let firstError = null;
    let issued = 0;
    const started = performance.now();
    const until = started + (m.durationMs ?? 10000);
    const max = m.maxRequests ?? Infinity;
    await Promise.all(
      Array.from({ length: m.concurrency }, async (_, w) => {
        const list = m.perWorker ? m.perWorker[w % m.perWorker.length] : m.requests;
        let i = w;
        while (performance.now() < until && issued < max) {
          issued++;
          const req = list[i++ % list.length];
          const t0 = performance.now();
          try {
            await one(m.url, req, m.freshClientId);
            ok++;
            latencies.push(performance.now() - t0);
          } catch (e) {
            failed++;
            firstError ??= String(e.message ?? e);
          }
        }
      }),
    );
    return { type: 'done', ok, failed, firstError, ms: performance.now() - started, latencies };
  },
});
