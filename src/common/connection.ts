import type { ClassType } from 'type-graphql';
import { Field, Int, ObjectType } from 'type-graphql';
import { ViewerIndependent } from './viewer-scope.js';
import { BadInputError } from '../errors.js';
import { isId } from './ids.js';
import { textProblem } from './text-guard.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ObjectType({ description: 'Relay pagination state for a connection.' })
export class PageInfo {
  // A connection's parts are what the field that made it decided (viewer-independent whenever that field is).
  @ViewerIndependent()
  @Field(() => Boolean, { description: 'True when there are more items after endCursor.' })
  hasNextPage!: boolean;

  @ViewerIndependent()
  @Field(() => Boolean, { description: 'True when there are more items before startCursor.' })
  hasPreviousPage!: boolean;

  @ViewerIndependent()
  @Field(() => String, { nullable: true, description: 'Cursor of the first edge on this page.' })
  startCursor?: string | null;

  @ViewerIndependent()
  @Field(() => String, { nullable: true, description: 'Cursor of the last edge on this page.' })
  endCursor?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount?: () => Promise<number>;
}

/**
 * Builds the `XConnection` and `XEdge` object types for a node type. `totalCount` is computed only
 * when selected, because a count can cost more than the page itself.
 */
export function ConnectionType<T extends object>(node: ClassType<T>, name: string, what: string) {
  @ObjectType(`${name}Edge`, { description: `One ${what} in a page, with its cursor.` })
  class EdgeType {
    @ViewerIndependent()
    @Field(() => String, { description: 'Opaque cursor of this edge; pass it as after/before to continue from here.' })
    cursor!: string;

    @ViewerIndependent()
    @Field(() => node, { description: `The ${what}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${what}s (Relay connection).` })
  class ConnectionClass {
    @ViewerIndependent()
    @Field(() => [EdgeType], { description: `The ${what}s on this page, in order.` })
    edges!: EdgeType[];

    @ViewerIndependent()
    @Field(() => PageInfo, { description: 'Whether more pages exist, and the cursors to fetch them.' })
    pageInfo!: PageInfo;

    /** Set by the service that built the page. */
    totalCountFn?: () => Promise<number>;

    @ViewerIndependent()
    @Field(() => Int, { description: `Total number of ${what}s matching the query, across all pages.` })
    async totalCount(): Promise<number> {
      return this.totalCountFn ? this.totalCountFn() : this.edges.length;
    }
  }
  return ConnectionClass;
}

export function toConnection<C, T>(
  Cls: new () => C,
  page: { edges: Edge<T>[]; hasNextPage: boolean; hasPreviousPage: boolean; totalCount?: () => Promise<number> },
): C {
  const c = new Cls() as C & { edges: Edge<T>[]; pageInfo: PageInfo; totalCountFn?: () => Promise<number> };
  c.edges = page.edges;
  c.pageInfo = Object.assign(new PageInfo(), {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    startCursor: page.edges[0]?.cursor ?? null,
    endCursor: page.edges[page.edges.length - 1]?.cursor ?? null,
  });
  c.totalCountFn = page.totalCount;
  return c;
}

/** Cursors are opaque to clients: base64url JSON of the sort key. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, field: string, arity: number): unknown[] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity) return key;
  } catch {
    /* fall through */
  }
  throw new BadInputError(field, `"${field}" is not a valid cursor.`);
}

/** A (time, id) cursor: [epoch ms, uuid]. Anything else is BAD_USER_INPUT, never a database error. */
export function decodeTimeIdCursor(cursor: string, field: string): { at: Date; id: string } {
  const [ms, id] = decodeCursor(cursor, field, 2);
  if (typeof ms !== 'number' || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15 || !isId(id)) throw new BadInputError(field, `"${field}" is not a valid cursor.`);
  return { at: new Date(ms), id: id.toLowerCase() };
}

/** A one-string cursor (a sort key of text), checked as any text input is. */
export function decodeTextCursor(cursor: string, field: string, max = 256): string {
  const [key] = decodeCursor(cursor, field, 1);
  if (typeof key !== 'string' || key.length > max || textProblem(key, field)) throw new BadInputError(field, `"${field}" is not a valid cursor.`);
  return key;
}

/** A one-integer cursor (a seq). */
export function decodeIntCursor(cursor: string, field: string): number {
  const [n] = decodeCursor(cursor, field, 1);
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new BadInputError(field, `"${field}" is not a valid cursor.`);
  return n;
}

export function pageSize(first: number | null | undefined, field = 'first', fallback = DEFAULT_PAGE_SIZE): number {
  if (first === null || first === undefined) return fallback;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new BadInputError(field, `"${field}" must be between 0 and ${MAX_PAGE_SIZE}.`);
  }
  return first;
}
