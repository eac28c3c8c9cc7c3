import type { EntityManager } from '@mikro-orm/core';
import type { DatabaseKind } from '../../config.js';
import { selectColumns, type NativeStatement } from '../../common/native-sql.js';
import { Message } from '../messages/message.entity.js';
import { SEARCH_KEY_BITS } from '../../migrations/sqlite/Migration20261130030000_search_time_order.js';
import { hasText, type ParsedQuery } from './query-parser.js';

export type SearchOrder = 'RELEVANCE' | 'NEWEST';

/** Where a page starts: after the row with this sort key. */
export interface SearchKey {
  rank: number;
  /** created_at exactly as the database holds it (PostgreSQL's text form keeps microseconds; SQLite's epoch ms). */
  at: string | number;
  id: string;
}

export interface SearchPlan {
  viewerId: string;
  roomId: string | null;
  query: ParsedQuery;
  order: SearchOrder;
  after: SearchKey | null;
  limit: number;
  /**
   * SQLite, with words or phrases: only the matches created in milliseconds [from, below) (epoch ms; null: no
   * bound), found by the search index's rowid range (see Migration20261130030000_search_time_order).
   */
  window?: { from: number | null; below: number | null };
}

/** SQLite: a search-index rowid is created_at (epoch ms) * SPAN + n (Migration20261130030000_search_time_order). */
const SPAN = 2 ** SEARCH_KEY_BITS;

const quote = (tokens: string[]) => `"${tokens.join(' ')}"`;

/** The query's words, phrases and exclusions in websearch_to_tsquery syntax, each quoted so none reads as an operator. */
export function websearchText(q: ParsedQuery): string {
  return [...q.words.map((w) => quote([w])), ...q.phrases.map(quote), ...q.excluded.map((e) => `-${quote(e)}`)].join(' ');
}

/** The query's words and phrases as an FTS5 MATCH expression (tokens are letters and digits, so quoting is safe). */
export function ftsPositive(q: ParsedQuery): string {
  return [...q.words.map((w) => quote([w])), ...q.phrases.map(quote)].join(' AND ');
}

function ftsAny(terms: string[][]): string {
  return terms.map(quote).join(' OR ');
}

/** The whole FTS5 MATCH expression: words and phrases, NOT the exclusions; '' when there are no words or phrases. */
export function ftsMatch(q: ParsedQuery): string {
  const positive = ftsPositive(q);
  return positive && q.excluded.length ? `(${positive}) NOT (${ftsAny(q.excluded)})` : positive;
}

/** SQL text with its parameters, composed in order so placeholders and values never drift apart. */
class Sql {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];
  add(sql: string, ...params: unknown[]): this {
    this.parts.push(sql);
    this.params.push(...params);
    return this;
  }
  fragment(f: Fragment): this {
    return this.add(f.sql, ...f.params);
  }
}

interface Fragment {
  sql: string;
  params: unknown[];
}

const list = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/**
 * One statement per database that finds the viewer's matching messages. Scoping is in the SQL itself: the join on
 * the viewer's memberships keeps every other room out, and deleted messages never match. Keyset on
 * (rank, created_at, id) or (created_at, id), all descending: rows inserted later never shift a later page.
 * With `count`, the number of matches instead of a page. Selected rank column: `search_rank`.
 */
export function searchStatement(kind: DatabaseKind, em: EntityManager, plan: SearchPlan, count = false): NativeStatement {
  const { query: q } = plan;
  const time = (d: Date) => (kind === 'sqlite' ? d.getTime() : d);
  const from = new Sql();
  const where = new Sql();
  let rank: Fragment;

  if (kind === 'postgresql') {
    from.add('messages m join memberships ms on ms.room_id = m.room_id and ms.user_id = ?', plan.viewerId);
    const text = websearchText(q);
    if (text) {
      from.add(", websearch_to_tsquery('parley_search'::regconfig, ?) tq", text);
      where.add('m.search_vector @@ tq');
    }
    rank = { sql: text && hasText(q) ? 'ts_rank(m.search_vector, tq)' : '0::real', params: [] };
  } else {
    const positive = ftsPositive(q);
    if (positive) {
      // The FTS index finds the matches, each match's row comes by primary key, then the membership check.
      from.add('message_search s join messages m on m.id = s.message_id join memberships ms on ms.room_id = m.room_id and ms.user_id = ?', plan.viewerId);
      where.add('message_search match ?', ftsMatch(q));
      const w = plan.window;
      if (w?.from != null) where.add(`s.rowid >= cast(? as integer) * ${SPAN}`, w.from);
      if (w?.below != null) where.add(`s.rowid < cast(? as integer) * ${SPAN}`, w.below);
    } else {
      from.add('messages m join memberships ms on ms.room_id = m.room_id and ms.user_id = ?', plan.viewerId);
      if (q.excluded.length) where.add('m.id not in (select message_id from message_search where message_search match ?)', ftsAny(q.excluded));
    }
    // bm25 depends on the whole table (it moves as messages arrive), which would make rank cursors drift; this rank
    // depends on the message alone: how often the words occur per length of text.
    const terms = [...q.words, ...q.phrases.map((p) => p.join(' '))];
    rank = terms.length
      ? { sql: `((${terms.map(() => "(length(lower(m.body)) - length(replace(lower(m.body), ?, '')))").join(' + ')}) * 100.0 / (length(m.body) + 20))`, params: terms }
      : { sql: '0.0', params: [] };
  }

  where.add('m.deleted_at is null');
  if (plan.roomId) where.add('m.room_id = ?', plan.roomId);
  if (q.from.length) where.add(`m.sender_id in (select u.id from users u where u.username_lower in (${list(q.from.length)}))`, ...q.from);
  if (q.in.length) where.add(`m.room_id in (select r.id from rooms r where lower(r.name) in (${list(q.in.length)}))`, ...q.in);
  if (q.before) where.add('m.created_at < ?', time(q.before));
  if (q.after) where.add('m.created_at >= ?', time(q.after));

  if (count) {
    const s = new Sql().add('select count(*) as n from').fragment({ sql: from.parts.join(' '), params: from.params });
    s.add('where').fragment({ sql: where.parts.join(' and '), params: where.params });
    return { sql: s.parts.join(' '), params: s.params };
  }

  const a = plan.after;
  const pg = kind === 'postgresql';
  if (a) {
    const newer = { sql: pg ? '(m.created_at, m.id) < (?::timestamptz, ?::uuid)' : '(m.created_at, m.id) < (?, ?)', params: [a.at, a.id] };
    if (plan.order === 'RELEVANCE') {
      const r = pg ? '?::real' : '?';
      where.add(`(${rank.sql} < ${r} or (${rank.sql} = ${r} and ${newer.sql}))`, ...rank.params, a.rank, ...rank.params, a.rank, ...newer.params);
    } else where.fragment(newer);
  }
  const at = pg ? 'm.created_at::text' : 'm.created_at';
  const s = new Sql().add(`select ${selectColumns(em, Message, 'm')}, ${at} as search_at, ${rank.sql} as search_rank from`, ...rank.params);
  s.fragment({ sql: from.parts.join(' '), params: from.params });
  s.add('where').fragment({ sql: where.parts.join(' and '), params: where.params });
  if (plan.order === 'RELEVANCE') s.add(`order by search_rank desc, m.created_at desc, m.id desc`);
  else s.add('order by m.created_at desc, m.id desc');
  s.add(`limit ${Number(plan.limit) + 1}`);
  return { sql: s.parts.join(' '), params: s.params };
}

/**
 * SQLite: a walk down the search index, newest first, over at most `batch` matches created before millisecond
 * `below` (null: all), membership and filters aside. `g`: the millisecond of the oldest match walked; `n`: how many.
 * FTS5 reads its index backwards by rowid without collecting every match, so this costs about `batch` matches.
 */
export function scanStatement(q: ParsedQuery, below: number | null, batch: number): NativeStatement {
  const s = new Sql().add('select min(rowid) >> ? as g, count(*) as n from (select rowid from message_search where message_search match ?', SEARCH_KEY_BITS, ftsMatch(q));
  if (below != null) s.add(`and rowid < cast(? as integer) * ${SPAN}`, below);
  s.add('order by rowid desc limit ?)', batch);
  return { sql: s.parts.join(' '), params: s.params };
}
