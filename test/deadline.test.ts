import net from 'node:net';
import { DeadlineError, settleWithin } from '../src/common/deadline';

/**
 * settleWithin (src/common/deadline.ts), the deadline on Redis publishes: an answer that reached this process's
 * socket while the process was busy past the deadline counts as an answer, not a timeout. A plain timer fires first.
 */

/** A connected TCP pair on 127.0.0.1 (the server's side writes, the client's side waits for the answer). */
async function pair(): Promise<{ client: net.Socket; peer: net.Socket; close: () => void }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
  const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  await new Promise<void>((resolve) => client.once('connect', resolve));
  const peer = await accepted;
  return {
    client,
    peer,
    close: () => {
      client.destroy();
      peer.destroy();
      server.close();
    },
  };
}

/** Keeps this process busy (no event loop turn) until `ms` have passed: a long flush or a GC pause. */
function busy(ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end);
}

/** The answer arrives in the socket now, while the process is busy well past a 20 ms deadline. */
async function answeredWhileBusy(wait: (answer: Promise<string>) => Promise<string>) {
  const { client, peer, close } = await pair();
  try {
    const answer = new Promise<string>((resolve) => client.once('data', (d) => resolve(d.toString())));
    const verdict = wait(answer).then(
      (v) => ({ ok: true as const, v }),
      (err: Error) => ({ ok: false as const, err }),
    );
    peer.write('PONG'); // written at once: a connected local socket takes a small write without waiting
    busy(200);
    return await verdict;
  } finally {
    close();
  }
}

describe('settleWithin', () => {
  it('counts an answer that arrived while the process was busy past the deadline', async () => {
    const verdict = await answeredWhileBusy((answer) => settleWithin(answer, 20, 'the peer'));
    expect(verdict).toEqual({ ok: true, v: 'PONG' });
  });

  it('where a plain timer, in the same situation, calls it a timeout (the case above is real)', async () => {
    const verdict = await answeredWhileBusy((answer) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), 20)));
      return Promise.race([answer, timeout]).finally(() => clearTimeout(timer));
    });
    expect(verdict.ok).toBe(false);
  });

  it('rejects with a DeadlineError when nothing answers, and passes a rejection through', async () => {
    const never = new Promise<string>(() => undefined);
    await expect(settleWithin(never, 20, 'the peer')).rejects.toThrow(DeadlineError);
    await expect(settleWithin(never, 20, 'the peer')).rejects.toThrow('the peer did not answer within 20 ms');
    await expect(settleWithin(Promise.reject(new Error('refused')), 1000, 'the peer')).rejects.toThrow('refused');
  });
});
