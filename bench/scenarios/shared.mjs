// 2. Shared execution: with 10, 100 and N subscribers on the same roomEvents document, GraphQL executions and SQL
// statements per published event must not grow with the number of subscribers (server counters via /diagnostics).
import { log, round, sleep, startLoad, startServer } from '../lib/common.mjs';
import { connectParley, setupRoom } from './fanout.mjs';

export const defaults = { size: 1000, minSize: 10 };
const EVENTS = 20;

export async function run(size = defaults.size) {
  const n = Number(size);
  const steps = [10, 100, 1000, n].filter((k, i, a) => k <= n && a.indexOf(k) === i);
  const { db, users, tokens, roomId } = await setupRoom('shared', n);
  const server = await startServer(db, { profileTag: 'shared' });
  const sender = startLoad('sender');
  const measured = [];
  try {
    for (const k of steps) {
      const subs = [startLoad('subscribers')];
      try {
        const senderMsg = await connectParley({ server, users: users.slice(0, k + 1), tokens, roomId, subs, sender });
        await sleep(300);
        const m0 = await server.metrics();
        await subs[0].request({ type: 'phase', name: 'count' }, 'phased');
        const sent = await sender.request({ type: 'run', ...senderMsg, rate: 10, count: EVENTS }, 'done');
        for (let i = 0; i < 200; i++) {
          const c = await subs[0].request({ type: 'count' }, 'counted');
          if (c.deliveries >= sent.sent * k) break;
          await sleep(100);
        }
        await sleep(300);
        const m1 = await server.metrics();
        const c = await subs[0].request({ type: 'count' }, 'counted');
        measured.push({
          subscribers: k,
          events: sent.sent,
          delivered: c.deliveries,
          executionsPerEvent: round((m1.subscriptionExecutions - m0.subscriptionExecutions) / sent.sent, 2),
          sqlPerEvent: round((m1.sqlStatements - m0.sqlStatements) / sent.sent, 2),
        });
        log(`  ${k} subscribers: ${measured.at(-1).executionsPerEvent} executions and ${measured.at(-1).sqlPerEvent} SQL statements per event (send included)`);
      } finally {
        await subs[0].request({ type: 'close' }, 'closed').catch(() => undefined);
        await subs[0].stop();
      }
      for (let i = 0; i < 100 && (await server.metrics()).connections > 0; i++) await sleep(100);
    }
  } finally {
    await sender.stop();
    await server.stop();
    await db.drop();
  }
  const first = measured[0];
  const last = measured.at(-1);
  return {
    rows: measured.flatMap((m) => [
      {
        figure: `GraphQL executions per event, ${m.subscribers} subscribers`,
        value: m.executionsPerEvent,
        baseline: m.subscribers,
        ratio: m.executionsPerEvent / m.subscribers,
        target: 'no growth with subscribers (1)',
        met: m.executionsPerEvent <= first.executionsPerEvent && m.delivered >= m.events * m.subscribers,
      },
      { figure: `SQL statements per event (with the send), ${m.subscribers} subscribers`, value: m.sqlPerEvent, baseline: null, ratio: null, target: 'no growth with subscribers', met: m.sqlPerEvent <= first.sqlPerEvent + 1 },
    ]),
    details: { measured, note: 'baseline column: executions per event without sharing (one per subscriber); SQL includes the sendMessage request itself', growth: { executions: last.executionsPerEvent - first.executionsPerEvent, sql: round(last.sqlPerEvent - first.sqlPerEvent, 2) } },
  };
}
