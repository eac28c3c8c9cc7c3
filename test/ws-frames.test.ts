import * as wsModule from 'ws';
import { textFrames } from '../src/modules/realtime/ws-frames.js';

// ws exports its frame parser at runtime (`require('ws').Receiver`), without types.
const Receiver = (wsModule as unknown as { Receiver: new (options: object) => NodeJS.WritableStream & NodeJS.EventEmitter }).Receiver;

// The broadcast path writes frames itself: ws's own parser must read them back as the same text messages,
// for each length encoding (7-bit, 16-bit, 64-bit).
function parse(buf: Buffer): string[] {
  const receiver = new Receiver({ isServer: false, maxPayload: 0 });
  const out: string[] = [];
  receiver.on('message', (data: Buffer, isBinary: boolean) => {
    expect(isBinary).toBe(false);
    out.push(data.toString());
  });
  receiver.on('error', (err: Error) => {
    throw err;
  });
  receiver.write(buf);
  return out;
}

describe('textFrames', () => {
  it.each([
    ['short', 10],
    ['16-bit length', 300],
    ['just under 64 KiB', 65535 - 40],
    ['64-bit length', 70000],
  ])('encodes a %s payload as one unmasked text frame', (_label, size) => {
    const prefix = '{"id":"é-1","type":"next","payload":';
    const body = Buffer.from(`${JSON.stringify({ data: { text: 'x'.repeat(size) } })}}`);
    expect(parse(textFrames(prefix, Buffer.byteLength(prefix), [body]))).toEqual([prefix + body.toString()]);
  });

  it('puts several frames in one buffer, in order', () => {
    const bodies = ['a', 'b'.repeat(200), 'c'].map((s) => Buffer.from(s));
    expect(parse(textFrames('P', 1, bodies))).toEqual(['Pa', `P${'b'.repeat(200)}`, 'Pc']);
  });
});
