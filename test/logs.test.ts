import { GraphQLError } from 'graphql';
import { Writable } from 'node:stream';
import { createFormatError } from '../src/errors.js';
import { createLogger } from '../src/logger.js';

// A pure helper (the formatter both transports use): peer hang-ups are debug, every error line keeps its id.
function capture() {
  const lines: any[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(JSON.parse(chunk.toString()));
      cb();
    },
  });
  return { lines, format: createFormatError(createLogger('debug', sink)) };
}

it('a client hanging up (EPIPE, ECONNRESET) is logged at debug; other errors at error; both with the id the client sees', () => {
  const { lines, format } = capture();
  for (const code of ['EPIPE', 'ECONNRESET']) {
    const err = Object.assign(new Error(`write ${code}`), { code });
    const out = format(new GraphQLError('x', { originalError: err }).toJSON(), new GraphQLError('x', { originalError: err }));
    expect(out.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const line = lines.at(-1);
    expect(line).toMatchObject({ level: 'debug', errorId: out.extensions?.errorId });
  }
  const boom = new Error('boom');
  const out = format(new GraphQLError('x', { originalError: boom }).toJSON(), new GraphQLError('x', { originalError: boom }));
  expect(lines.at(-1)).toMatchObject({ level: 'error', errorId: out.extensions?.errorId });
});
