// Outage run: two Parley instances on a database and a redis-server of the run's own, a sender at 20 msg/s through
// both, subscribers on both; Redis killed for 10 s (SIGKILL, restart on the same port), then frozen for 10 s
// (SIGSTOP, SIGCONT). During each outage a logout, a banUser and a removeMember hit users with open subscriptions.
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDatabase, ROOT, runNode, WORK } from '../lib/common.mjs';
import { bar, call, onInterrupt, createRoom, must, openSocket, OwnRedis, registerUser, ROOM_EVENTS, say, sleep, startParley } from './lib.mjs';

const RATE = 20; // sends per second
const OUTAGE_MS = Number(process.env.SOAK_OUTAGE_MS ?? 10000);
const WATCHERS_PER_INSTANCE = 3;

const SEND = `mutation Send($i: SendMessageInput!) { sendMessage(input: $i) { seq } }`;

export async function runOutage() {
  const started = Date.now();
  const redis = await OwnRedis.create();
  await redis.start();
  const db = await createDatabase('soak_outage');
  const forgetDb = onInterrupt(() => db.drop());
  const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, REDIS_PREFIX: `soak:${db.name}:` };
  const servers = [];
  const sockets = [];
  try {
    await runNode([path.join(ROOT, 'dist/scripts/migrate.js')], { ...process.env, ...env }, true);
    servers.push(await startParley({ env, logFile: path.join(WORK, 'soak-outage-1.log') }), await startParley({ env, logFile: path.join(WORK, 'soak-outage-2.log') }));
    const [s1, s2] = servers;
    say(`  outage: redis-server on ${redis.port}, database ${db.name}, instances on ${s1.base} and ${s2.base}`);

    // People: a sender, an admin, watchers on both instances, and per outage three users to revoke (a socket on each instance).
    const owner = await registerUser(s1.url, 'sender');
    const admin = await registerUser(s1.url, 'admin');
    await runNode([path.join(ROOT, 'dist/scripts/admin.js'), 'promote', admin.username], { ...process.env, ...env }, true);
    const watchers = [];
    for (const s of servers) for (let i = 0; i < WATCHERS_PER_INSTANCE; i++) watchers.push({ user: await registerUser(s1.url, 'watch'), server: s });
    const phases = ['kill', 'freeze'].map((name) => ({ name, targets: {} }));
    for (const p of phases) for (const kind of ['logout', 'ban', 'remove']) p.targets[kind] = await registerUser(s1.url, `${kind}`);
    const members = [...watchers.map((w) => w.user), ...phases.flatMap((p) => Object.values(p.targets))];
    const roomId = await createRoom(s1.url, owner, members, 'Outage');

    const listen = async (user, server, tag) => {
      const sock = openSocket(server.wsUrl, user.token);
      const rec = { tag, user, via: server === s1 ? 1 : 2, events: [], endedAt: undefined, end: undefined, sock };
      if (!(await sock.ready)) throw new Error(`socket for ${tag} refused`);
      sock.sub(ROOM_EVENTS, { r: roomId }, {
        next: (p) => {
          const e = p.data?.roomEvents;
          if (e?.__typename === 'MessageAdded') rec.events.push({ seq: e.message.seq, clientId: e.message.clientId, at: Date.now() });
        },
        end: (why) => {
          if (!rec.endedAt) (rec.endedAt = Date.now()), (rec.end = why);
        },
      });
      sockets.push(sock);
      return rec;
    };
    const watching = await Promise.all(watchers.map((w, i) => listen(w.user, w.server, `watcher ${i + 1} (instance ${w.server === s1 ? 1 : 2})`)));
    for (const p of phases) {
      p.revoked = [];
      for (const [kind, user] of Object.entries(p.targets)) for (const s of servers) p.revoked.push(await listen(user, s, `${kind} on instance ${s === s1 ? 1 : 2}`));
    }
    // Every stream is live once a message sent now reaches all of them.
    const probe = await must(s1.url, SEND, { i: { roomId, body: 'probe', clientId: 'probe' } }, owner.token);
    const all = [...watching, ...phases.flatMap((p) => p.revoked)];
    for (const end = Date.now() + 20000; !all.every((r) => r.events.some((e) => e.seq === probe.sendMessage.seq)); await sleep(20)) {
      if (Date.now() > end) throw new Error('subscriptions not live after 20 s');
    }

    // The sender: 20 a second, alternating instances, never waiting for an answer before the next.
    const sends = [];
    let sending = true;
    const senderStart = Date.now();
    const sender = (async () => {
      for (let n = 0; sending; n++) {
        const via = n % 2 ? 2 : 1;
        const rec = { clientId: `s${n}`, via, at: Date.now() };
        sends.push(rec);
        const attempt = () => call(servers[via - 1].url, SEND, { i: { roomId, body: `message ${n}`, clientId: rec.clientId } }, owner.token);
        // A client that got no answer (its 30 s timeout) retries once with the same clientId, as the API intends.
        const withRetry = attempt().then((r) => (r.status === 0 ? ((rec.firstAttempt = r.error), attempt()) : r));
        rec.done = withRetry.then((r) => {
          rec.doneAt = Date.now();
          rec.ok = r.ok;
          rec.seq = r.data?.sendMessage?.seq;
          rec.error = r.ok ? undefined : r.error ?? `${r.status} ${r.errors?.[0]?.extensions?.code ?? ''} ${r.errors?.[0]?.message ?? ''}`.trim();
        });
        await sleep(Math.max(0, senderStart + (n + 1) * (1000 / RATE) - Date.now()));
      }
    })();
    const total = 5000 + 2 * (OUTAGE_MS + 15000);
    const t0 = Date.now();
    const tick = setInterval(() => {
      const failed = sends.filter((s) => s.doneAt && !s.ok).length;
      bar('outage run', (Date.now() - t0) / total, `${phaseNow} | sends ${sends.length}, failed ${failed}, pending ${sends.filter((s) => !s.doneAt).length}`);
    }, 250);
    let phaseNow = 'warm-up';
    // /healthz under the same load with Redis up, for comparison.
    const baselineHealth = [];
    const warm = pollHealth(servers, baselineHealth);
    await sleep(5000);
    await warm.stop();

    for (const p of phases) {
      phaseNow = `Redis ${p.name === 'kill' ? 'killed' : 'frozen'}`;
      p.health = [];
      p.down = Date.now();
      if (p.name === 'kill') await redis.kill();
      else redis.freeze();
      const polling = pollHealth(servers, p.health);
      await sleep(2000);
      // Revocations while Redis is out, all through instance 1; the sockets sit on both instances.
      const { logout, ban, remove } = p.targets;
      p.revokedAt = Date.now();
      const timed = (op, pending) => pending.then((r) => ({ op, ok: r.ok, error: r.ok ? undefined : r.error ?? JSON.stringify(r.errors), ms: Date.now() - p.revokedAt }));
      const mutations = Promise.all([
        timed('logout', call(s1.url, 'mutation Logout { logout }', {}, logout.token)),
        timed('banUser', call(s1.url, 'mutation BanUser($u: ID!) { banUser(userId: $u, reason: "soak") { id } }', { u: ban.id }, admin.token)),
        timed('removeMember', call(s1.url, 'mutation RemoveMember($r: ID!, $u: ID!) { removeMember(roomId: $r, userId: $u) { id } }', { r: roomId, u: remove.id }, owner.token)),
      ]);
      await sleep(Math.max(0, p.down + OUTAGE_MS - Date.now()));
      await polling.stop();
      if (p.name === 'kill') await redis.start();
      else redis.thaw();
      p.back = Date.now();
      phaseNow = `Redis back (${p.name})`;
      // Recovery: both instances healthy again and every revoked stream ended (bounded), then a few more seconds of sends.
      const end = Date.now() + 30000;
      p.recovery = [];
      for (;;) {
        const healthy = await Promise.all(
          servers.map((s) =>
            fetch(`${s.base}/healthz`, { signal: AbortSignal.timeout(5000) }).then(
              async (r) => (p.recovery.push(`${r.status} ${JSON.stringify((await r.json()).down)}`), r.ok),
              () => false,
            ),
          ),
        );
        if ((healthy.every(Boolean) && p.revoked.every((r) => r.endedAt)) || Date.now() > end) break;
        await sleep(100);
      }
      p.healthyAt = Date.now();
      p.mutations = await mutations;
      await sleep(Math.max(0, p.back + 15000 - Date.now()));
    }
    sending = false;
    await sender;
    phaseNow = 'settling';
    await Promise.all(sends.map((s) => s.done));
    clearInterval(tick);

    // The database's view of what was stored.
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const rows = (await c.query(`select client_id, seq, created_at from messages where room_id = $1`, [roomId])).rows;
    const stored = new Map(rows.map((r) => [r.client_id, r.seq]));
    const storedAt = new Map(rows.map((r) => [r.seq, r.created_at.getTime()]));
    // When each revocation committed, from the database: a message stored after it must not reach the revoked socket.
    for (const p of phases) {
      const { logout, ban, remove } = p.targets;
      const q = async (sql, args) => (await c.query(sql, args)).rows[0];
      p.committed = {
        logout: (await q(`select min(revoked_at) as at from sessions where user_id = $1`, [logout.id])).at?.getTime(),
        ban: (await q(`select banned_at as at from users where id = $1`, [ban.id])).at?.getTime(),
        // Removal: by the room's own order (its MemberLeft seq), which is exact.
        removeSeq: (await q(`select seq from room_events where room_id = $1 and type = 'MemberLeft' and payload->>'userId' = $2`, [roomId, remove.id]))?.seq,
      };
      for (const r of p.revoked) {
        const kind = r.tag.split(' ')[0];
        r.afterCommit = r.events.filter((e) => (kind === 'remove' ? e.seq > p.committed.removeSeq : storedAt.get(e.seq) > p.committed[kind]));
      }
    }
    await c.end();
    const storedSeqs = [...stored.entries()].filter(([k]) => k !== 'probe').map(([, v]) => v);
    // Watchers should have every stored message (bounded wait).
    for (const end = Date.now() + 30000; Date.now() < end; await sleep(100)) {
      if (watching.every((w) => storedSeqs.every((s) => w.events.some((e) => e.seq === s)))) break;
    }
    return report({ sends, stored, storedSeqs, watching, phases, baselineHealth, seconds: Math.round((Date.now() - started) / 1000) });
  } finally {
    for (const s of sockets) s.cut();
    redis.thaw?.();
    await Promise.allSettled(servers.map((s) => s.stop()));
    await redis.kill();
    await db.drop().catch((err) => say(`  could not drop ${db.name}: ${err.message}`));
    forgetDb();
  }
}

/** Polls each instance's /healthz every 200 ms (one at a time per instance) until `stop()`. */
function pollHealth(servers, into) {
  let on = true;
  const loops = servers.map(async (s, i) => {
    while (on) {
      const at = Date.now();
      const r = await fetch(`${s.base}/healthz`, { signal: AbortSignal.timeout(5000) }).then(
        async (res) => ({ status: res.status, body: await res.json().catch(() => ({})) }),
        (err) => ({ status: 0, body: { error: err.name } }),
      );
      into.push({ instance: i + 1, status: r.status, ms: Date.now() - at, down: r.body.down, kind: r.body.pubsub?.kind });
      await sleep(200);
    }
  });
  return { stop: () => ((on = false), Promise.all(loops)) };
}

function healthFigures(health) {
  const lat = health.map((h) => h.ms).sort((a, b) => a - b);
  return {
    answers: health.length,
    statuses: Object.fromEntries([...new Set(health.map((h) => h.status))].map((st) => [st, health.filter((h) => h.status === st).length])),
    p50LatencyMs: lat[Math.floor(lat.length / 2)],
    maxLatencyMs: lat[lat.length - 1],
    down: [...new Set(health.map((h) => JSON.stringify(h.down)))].join(' '),
    pubsubKind: [...new Set(health.map((h) => h.kind))].join(' '),
  };
}

function report({ sends, stored, storedSeqs, watching, phases, baselineHealth, seconds }) {
  const failed = sends.filter((s) => !s.ok);
  const retried = sends.filter((s) => s.firstAttempt);
  const storedButFailed = failed.filter((s) => stored.has(s.clientId));
  const okNotStored = sends.filter((s) => s.ok && !stored.has(s.clientId));
  const byError = {};
  for (const s of failed) byError[s.error] = (byError[s.error] ?? 0) + 1;
  const latency = (list) => {
    const v = list.map((s) => s.doneAt - s.at).sort((a, b) => a - b);
    return v.length ? { p50: v[Math.floor(v.length / 2)], max: v[v.length - 1] } : {};
  };
  const subscribers = watching.map((w) => {
    const seqs = w.events.map((e) => e.seq).filter((s) => storedSeqs.includes(s));
    const got = new Set(seqs);
    let outOfOrder = 0;
    for (let i = 1; i < seqs.length; i++) if (seqs[i] < seqs[i - 1]) outOfOrder++;
    return { subscriber: w.tag, received: seqs.length, lost: storedSeqs.filter((s) => !got.has(s)).length, duplicated: seqs.length - got.size, outOfOrder };
  });
  const phaseFigures = phases.map((p) => {
    const during = sends.filter((s) => s.at >= p.down && s.at < p.back);
    // First cross-instance delivery after Redis came back: a watcher on one instance getting a message sent through the other.
    const viaOf = new Map(sends.map((s) => [s.clientId, s.via]));
    let firstCross = Infinity;
    let lastOutage = 0;
    for (const w of watching)
      for (const e of w.events) {
        if (e.at >= p.back && viaOf.get(e.clientId) !== undefined && viaOf.get(e.clientId) !== w.via) firstCross = Math.min(firstCross, e.at);
        const s = sends.find((x) => x.clientId === e.clientId);
        if (s && s.at >= p.down && s.at < p.back) lastOutage = Math.max(lastOutage, e.at);
      }
    const health = p.health;
    return {
      phase: p.name === 'kill' ? 'Redis killed (SIGKILL, restarted)' : 'Redis frozen (SIGSTOP, SIGCONT)',
      sendsDuring: during.length,
      sendsFailedDuring: during.filter((s) => !s.ok).length,
      sendLatencyDuringMs: latency(during),
      mutations: p.mutations,
      revoked: p.revoked.map((r) => ({
        socket: r.tag,
        receivedAfterRedisBack: r.events.filter((e) => e.at >= p.back).length,
        storedAfterRevocationReceived: r.afterCommit.length,
        storedAfterRevocationReceivedAfterBack: r.afterCommit.filter((e) => e.at >= p.back).length,
        endedMsAfterRevocation: r.endedAt ? r.endedAt - p.revokedAt : null,
        endedMsAfterRedisBack: r.endedAt ? r.endedAt - p.back : null,
        how: r.end === 'complete' ? 'stream completed' : r.end === 'socket closed' ? `socket closed ${r.sock.closedCode}` : r.end ?? 'still open',
      })),
      // Must be 0: a revoked socket getting, after Redis returned, a message stored after its revocation committed.
      revokedStillReceivingAfterRedisBack: p.revoked.filter((r) => r.afterCommit.some((e) => e.at >= p.back)).length,
      revocationCommittedMsAfterRequest: { logout: p.committed.logout - p.revokedAt, ban: p.committed.ban - p.revokedAt },
      firstCrossInstanceDeliveryMsAfterBack: Number.isFinite(firstCross) ? firstCross - p.back : null,
      allOutageSendsDeliveredMsAfterBack: lastOutage ? Math.max(0, lastOutage - p.back) : null,
      healthMsAfterBack: p.healthyAt - p.back,
      healthzWhileRecovering: Object.fromEntries([...new Set(p.recovery)].map((k) => [k, p.recovery.filter((x) => x === k).length])),
      healthz: {
        ...healthFigures(health),
        allWithin1sAnd503: health.every((h) => h.status === 503 && h.ms < 1000 && h.down?.includes('pubsub') && h.kind === 'redis'),
      },
    };
  });
  return {
    seconds,
    loadAverage: os.loadavg().map((v) => Math.round(v * 10) / 10),
    healthzWithRedisUp: healthFigures(baselineHealth),
    sendLatencyBeforeOutageMs: latency(sends.filter((s) => s.at < phases[0].down)),
    sendsAttempted: sends.length,
    firstAttemptsUnanswered: retried.length,
    firstAttemptsUnansweredButStored: retried.filter((s) => stored.has(s.clientId)).length,
    sendsFailed: failed.length,
    failuresByError: byError,
    sendsStoredButReportedFailed: storedButFailed.length,
    sendsReportedOkButNotStored: okNotStored.length,
    subscribers,
    phases: phaseFigures,
  };
}
