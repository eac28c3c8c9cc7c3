import { decodeCursor, encodeCursor, PageInfo, pageSize } from '../../common/connection.js';
import { execute, mapJoinedRow } from '../../common/native-sql.js';
import { assertId } from '../../common/ids.js';
import type { Config } from '../../config.js';
import type { EntityManager } from '@mikro-orm/core';
import type { Context } from '../../context.js';
import type { RoomService } from '../rooms/room.service.js';
import { BadInputError } from '../../errors.js';
import { Message } from '../messages/message.entity.js';
import { highlights } from './highlight.js';
import { parseQuery } from './query-parser.js';
import { ftsPositive, scanStatement, searchStatement, type SearchKey, type SearchPlan } from './search.sql.js';
import { MessageSearchConnection, MessageSearchEdge, SearchOrder, TextRange } from './search.types.js';

export interface SearchArgs {
  query: string;
  roomId?: string | null;
  orderBy?: SearchOrder | null;
  first?: number | null;
  after?: string | null;
}

function decodeKey(cursor: string, order: SearchOrder): SearchKey {
  const [o, rank, at, id] = decodeCursor(cursor, 'after', 4);
  if (o !== order) throw new BadInputError('after', 'This cursor belongs to a search in another order.');
  const goodAt = (typeof at === 'number' && Number.isFinite(at)) || (typeof at === 'string' && at.length <= 40 && /^[0-9T:.+\- Z]+$/.test(at) && !Number.isNaN(Date.parse(at)));
  if (typeof rank !== 'number' || !Number.isFinite(rank) || !goodAt || typeof id !== 'string') {
    throw new BadInputError('after', '"after" is not a valid cursor.');
  }
  return { rank, at, id: assertId(id, 'after') };
}

/** The first walk's size per row of the page; each next one is GROWTH times larger, up to MAX_BATCH matches. */
const FIRST_BATCH = 2;
const GROWTH = 4;
const MAX_BATCH = 20_000;

/**
 * SQLite, NEWEST with words or phrases: the page from the search index walked newest first (its rowids follow
 * created_at), in batches of matches, each batch widened to whole milliseconds so that within one the (created_at, id)
 * order is SQL's. Each batch's matches go through the same statement (membership, deleted messages, filters, the
 * keyset) restricted to its milliseconds; a page that the viewer can read little of takes larger and larger batches,
 * and past MAX_BATCH the rest in one statement, as without the walk. Without it, every match was sorted for a page.
 */
async function newestByIndex(em: EntityManager, plan: SearchPlan): Promise<Array<Record<string, unknown>>> {
  const rows: Array<Record<string, unknown>> = [];
  // With a cursor, its millisecond and older (the keyset in SQL leaves out what came before it in that millisecond).
  let below = plan.after ? Number(plan.after.at) + 1 : null;
  if (below !== null && !Number.isSafeInteger(below)) return [];
  let batch = FIRST_BATCH * (plan.limit + 1);
  while (rows.length <= plan.limit) {
    const want = { ...plan, limit: plan.limit - rows.length };
    if (batch > MAX_BATCH) {
      rows.push(...(await execute(em, searchStatement('sqlite', em, { ...want, window: { from: null, below } }))));
      break;
    }
    const [scan] = await execute(em, scanStatement(plan.query, below, batch));
    const walked = Number(scan?.n ?? 0);
    if (walked === 0) break;
    const from = Number(scan.g);
    rows.push(...(await execute(em, searchStatement('sqlite', em, { ...want, window: { from, below } }))));
    if (walked < batch) break;
    below = from;
    batch *= GROWTH;
  }
  return rows;
}

/**
 * Full-text search over the messages of the viewer's rooms: PostgreSQL's tsvector/GIN or SQLite's FTS5, scoped to
 * the viewer's memberships in the SQL itself (never filtered afterwards), keyset-paged.
 */
export class SearchService {
  constructor(private readonly deps: { config: Config; rooms: RoomService }) {}

  async searchMessages(ctx: Context, args: SearchArgs): Promise<MessageSearchConnection> {
    const viewer = ctx.viewer!;
    const { config, rooms } = this.deps;
    const order = args.orderBy ?? SearchOrder.RELEVANCE;
    const limit = pageSize(args.first);
    const query = parseQuery(args.query);
    const after = args.after ? decodeKey(args.after, order) : null;
    let roomId: string | null = null;
    if (args.roomId != null) {
      // A room the viewer cannot read is NOT_FOUND (private) or FORBIDDEN (public), as for its messages.
      roomId = (await rooms.assertMember(ctx.em, args.roomId, viewer.id)).room.id;
    }
    const kind = config.database.kind;
    const plan = { viewerId: viewer.id, roomId, query, order, after, limit };
    const walk = kind === 'sqlite' && order === SearchOrder.NEWEST && ftsPositive(query) !== '';
    const rows = limit === 0 && !after ? [] : walk ? await newestByIndex(ctx.em, plan) : await execute(ctx.em, searchStatement(kind, ctx.em, plan));
    const more = rows.length > limit;
    const edges = rows.slice(0, limit).map((row) => {
      const { m } = mapJoinedRow(ctx.em, row, { m: Message });
      const key = [order, Number(row.search_rank), row.search_at as string | number, m.id];
      return Object.assign(new MessageSearchEdge(), {
        cursor: encodeCursor(key),
        node: m,
        message: m,
        highlights: highlights(m.body, query, config.searchLanguage).map((r) => Object.assign(new TextRange(), r)),
      });
    });
    const connection = new MessageSearchConnection();
    connection.edges = edges;
    connection.pageInfo = Object.assign(new PageInfo(), {
      hasNextPage: more,
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    });
    connection.totalCountFn = async () => {
      const [r] = await execute(ctx.em.fork(), searchStatement(kind, ctx.em, { ...plan, after: null }, true));
      return Number(r?.n ?? 0);
    };
    return connection;
  }
}
