import { backend, register, startServer, waitFor, type TestServer } from './harness';

/** Prometheus metrics at /metrics (scraped and parsed) and the access log with request ids. */

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus' text exposition format (what a scraper reads); throws on a line it cannot read. */
function parseMetrics(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1]!, type[2]!);
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/.exec(line);
    if (!m) throw new Error(`unparseable metrics line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    const value = m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : Number(m[3]);
    // Prometheus reads NaN in any case (Go's ParseFloat); prom-client writes `Nan`, e.g. an event-loop lag with no sample yet.
    if (Number.isNaN(value) && m[3]!.toLowerCase() !== 'nan') throw new Error(`bad value in: ${line}`);
    samples.push({ name: m[1]!, labels, value });
  }
  return { samples, types };
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const s = samples.filter((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v));
  return s.length ? s.reduce((a, b) => a + b.value, 0) : undefined;
}

describe('/metrics', () => {
  let t: TestServer;
  let base: string;
  const TOKEN = 'metrics-secret-token';

  beforeAll(async () => {
    t = await startServer({ env: { METRICS_ENABLED: 'true', METRICS_TOKEN: TOKEN } });
    base = t.url.replace(/\/graphql$/, '');
  });
  afterAll(() => t?.stop());

  async function scrape() {
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return parseMetrics(await res.text());
  }

  test('needs the bearer token when METRICS_TOKEN is set', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });

  test('HTTP requests by operation and outcome, sockets, subscriptions, events, pools, rate limits, Node defaults', async () => {
    const ada = await register(t, 'ada');
    const bob = await register(t, 'bob');
    // An operation that fails with a known code.
    const me = await t.gql('query WhoAmI { me { id } }');
    expect(me.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const room = await t.gql('mutation NewRoom($input: CreateGroupRoomInput!) { createGroupRoom(input: $input) { id } }', { input: { name: 'metrics', memberIds: [bob.id] } }, ada.accessToken);
    const roomId = room.data.createGroupRoom.id as string;

    const client = t.ws(bob.accessToken);
    const got: unknown[] = [];
    const done = new Promise<void>((resolve, reject) =>
      client.subscribe(
        { query: 'subscription($roomId: ID!) { roomEvents(roomId: $roomId) { __typename seq } }', variables: { roomId } },
        { next: (r) => got.push(r), error: reject, complete: resolve },
      ),
    );
    void done.catch(() => undefined);
    let m = (await waitFor(async () => {
      const s = await scrape();
      return (value(s.samples, 'parley_sockets_live') ?? 0) >= 1 && (value(s.samples, 'parley_subscription_streams_live') ?? 0) >= 1 ? s : undefined;
    }, 'the socket and its stream in /metrics', 20_000))!;
    const streams = m.samples.filter((s) => s.name === 'parley_subscription_streams_live' && s.value > 0);
    expect(streams.every((s) => typeof s.labels.kind === 'string' && s.labels.kind.length > 0)).toBe(true);

    await t.gql('mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { id } }', { input: { roomId, body: 'counted' } }, ada.accessToken);
    await waitFor(() => got.length >= 1, 'the message over graphql-ws', 30_000);

    // Six resets for one address in an hour: the sixth is refused (5 per hour per address).
    for (let i = 0; i < 6; i++) await t.gql('mutation Reset($e: String!) { requestPasswordReset(email: $e) }', { e: ada.email });

    m = await scrape();
    const { samples, types } = m;
    expect(types.get('parley_http_requests_total')).toBe('counter');
    expect(types.get('parley_http_request_duration_seconds')).toBe('histogram');
    expect(value(samples, 'parley_http_requests_total', { operation: 'WhoAmI', outcome: 'UNAUTHENTICATED' })).toBe(1);
    expect(value(samples, 'parley_http_requests_total', { operation: 'NewRoom', outcome: 'ok' })).toBe(1);
    expect(value(samples, 'parley_http_requests_total', { operation: 'Reset', outcome: 'RATE_LIMITED' })).toBe(1);
    expect(value(samples, 'parley_http_requests_total', { operation: 'Reset', outcome: 'ok' })).toBe(5);
    expect(value(samples, 'parley_http_request_duration_seconds_count', { operation: 'Send', outcome: 'ok' })).toBe(1);
    expect(value(samples, 'parley_http_request_duration_seconds_bucket', { operation: 'Send', outcome: 'ok', le: '+Inf' })).toBe(1);
    expect(value(samples, 'parley_http_requests_total', { operation: 'GET /metrics', outcome: 'http_4xx' })).toBe(2);
    expect(value(samples, 'parley_rate_limit_refusals_total', { limit: 'reset' })).toBe(1);
    expect(value(samples, 'parley_events_published_total', { topic: 'ROOM' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'parley_events_delivered_total', { topic: 'ROOM' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'parley_event_delivery_latency_seconds_count', { topic: 'ROOM' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'parley_db_pool_connections', { state: 'used' })).toBeGreaterThanOrEqual(0);
    expect(value(samples, 'parley_argon2_queue_length')).toBe(0);
    if (backend.pubsub === 'redis') expect(value(samples, 'parley_redis_up')).toBe(1);
    // Node's default metrics.
    expect(value(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(value(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);

    await client.dispose();
    await waitFor(async () => (value((await scrape()).samples, 'parley_sockets_live') ?? 0) === 0, 'the socket gone from /metrics', 30_000);
  });

  test('one access-log line per request, with the request id the response carries', async () => {
    const res = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'probe-42' } });
    expect(res.headers.get('x-request-id')).toBe('probe-42');
    const gql = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query Ping { __typename }' }) });
    const id = gql.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const lines = (await waitFor(() => {
      const l = t.logs.map((x) => JSON.parse(x)).filter((x) => x.req?.id === id);
      return l.length ? l : undefined;
    }, 'the access-log line', 10_000))!;
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ req: { method: 'POST', url: '/graphql' }, res: { statusCode: 200 }, operation: 'Ping', outcome: 'ok' });
    expect(typeof lines[0].responseTime).toBe('number');
    expect(JSON.stringify(lines[0])).not.toMatch(/authorization/i);
    expect(t.logs.filter((x) => x.includes('"probe-42"'))).toHaveLength(1);
  });
});

describe('/metrics off by default', () => {
  test('is not served without METRICS_ENABLED', async () => {
    const t = await startServer();
    try {
      const res = await fetch(t.url.replace(/\/graphql$/, '/metrics'));
      expect(res.status).toBe(404);
    } finally {
      await t.stop();
    }
  });
});
