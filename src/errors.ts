import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { errorIdInRequest } from './http/request-context.js';
import type { Logger } from './logger.js';

/** Stable error codes clients can switch on (API.md). */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'INTERNAL_SERVER_ERROR';

export class AppError extends GraphQLError {
  constructor(message: string, code: ErrorCode, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions } });
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'You must be signed in to do this.') {
    super(message, 'UNAUTHENTICATED');
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this.') {
    super(message, 'FORBIDDEN');
  }
}

export class NotFoundError extends AppError {
  constructor(what = 'Resource', field?: string) {
    super(`${what} not found.`, 'NOT_FOUND', field ? { field } : {});
  }
}

/** One invalid input field and what is wrong with it, in words for people. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * BAD_USER_INPUT. `extensions.field` names the (first) invalid field; `extensions.fields` lists every invalid
 * field of the request with its message, so a form can show them all at once.
 */
export class BadInputError extends AppError {
  readonly problems: FieldProblem[];
  constructor(field: string, message: string, problems: FieldProblem[] = [{ field, message }]) {
    super(message, 'BAD_USER_INPUT', { field, fields: problems });
    this.problems = problems;
  }

  /** One error for several invalid fields: the first one's field and message lead. */
  static of(problems: FieldProblem[]): BadInputError {
    const [first] = problems;
    return new BadInputError(first!.field, first!.message, problems);
  }
}

export class ConflictError extends AppError {
  constructor(field: string, message: string) {
    super(message, 'CONFLICT', { field });
  }
}

export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number) {
    // Over HTTP the response is a 429 with Retry-After (Apollo reads `http` and drops it from the body); over a socket
    // the formatter drops it.
    super(`Too many requests. Try again in ${retryAfterSeconds} seconds.`, 'RATE_LIMITED', {
      retryAfterSeconds,
      http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    });
  }
}

const PUBLIC_CODES = new Set<string>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'RATE_LIMITED',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

const HANG_UP_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNABORTED', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END', 'ERR_STREAM_PREMATURE_CLOSE']);

/** Whether an error only says that the peer went away (a socket write after the client hung up). */
export function isPeerHangUp(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && HANG_UP_CODES.has(code);
}

/** Maps class-validator / type-graphql argument validation errors to BAD_USER_INPUT with the field. */
function fromArgumentValidation(error: GraphQLFormattedError): GraphQLFormattedError | undefined {
  const ext = error.extensions ?? {};
  const validationErrors = (ext as { validationErrors?: Array<{ property: string }> }).validationErrors;
  if (Array.isArray(validationErrors) && validationErrors.length) {
    const fields = validationErrors.map((v) => ({ field: v.property, message: error.message }));
    return { ...error, extensions: { code: 'BAD_USER_INPUT', field: validationErrors[0].property, fields } };
  }
  return undefined;
}

/**
 * Builds Apollo's formatError: known codes pass through; anything else is masked as
 * INTERNAL_SERVER_ERROR with an id, and the original is logged with the same id.
 */
export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code as string | undefined;
    const validation = fromArgumentValidation(formatted);
    if (validation) return validation;
    if (code && PUBLIC_CODES.has(code)) {
      const { stacktrace: _s, http: _h, ...rest } = (formatted.extensions ?? {}) as Record<string, unknown>;
      // Input coercion errors ("Variable $x got invalid value") are client mistakes: BAD_USER_INPUT with the field.
      return { ...formatted, extensions: rest };
    }
    const original = (error as { originalError?: unknown })?.originalError ?? error;
    // Apollo's own request errors without a code (a persisted query's version or hash is wrong) carry a 4xx status:
    // the client's mistake, said as it is.
    const status = (error as { extensions?: { http?: { status?: unknown } } })?.extensions?.http?.status;
    if (typeof status === 'number' && status >= 400 && status < 500 && !(original instanceof Error && original !== error)) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code: 'BAD_REQUEST' } };
    }
    const errorId = errorIdInRequest();
    // A client that hung up mid-answer is ordinary: debug, not error (still masked, with its id).
    if (isPeerHangUp(original)) logger.debug({ errorId, code: (original as { code?: string }).code, path: formatted.path }, 'peer hung up');
    else logger.error({ errorId, err: original, path: formatted.path }, 'internal error');
    return {
      message: `Internal server error (id ${errorId}).`,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
    };
  };
}
