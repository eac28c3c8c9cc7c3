import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import type { DatabaseKind } from '../config.js';

/**
 * One SQL statement with `?` placeholders, for the few hot paths that write without entities or a unit of work.
 * It still runs through the EntityManager (`execute`): counted, logged, and its errors converted
 * (a unique violation is a UniqueConstraintViolationException).
 */
export interface NativeStatement {
  sql: string;
  params: unknown[];
}

/** A value as the database column stores it: MikroORM keeps dates as epoch milliseconds on SQLite, JSON as text. */
export function dbValue(kind: DatabaseKind, value: unknown): unknown {
  if (value instanceof Date) return kind === 'sqlite' ? value.getTime() : value;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'boolean' && kind === 'sqlite') return value ? 1 : 0;
  return value;
}

/**
 * `insert into <table> (<columns>) values (...)`; `raw` columns take SQL text instead of a parameter (e.g. a seq
 * expression); with `where`, `insert ... select <values> where <condition>` (the row only when it holds).
 */
export function insertStatement(kind: DatabaseKind, table: string, row: Record<string, unknown>, raw: Record<string, string> = {}, where?: string): NativeStatement {
  const columns = [...Object.keys(row), ...Object.keys(raw)];
  const values = [...Object.keys(row).map(() => '?'), ...Object.values(raw)].join(', ');
  const source = where ? `select ${values} where ${where}` : `values (${values})`;
  return { sql: `insert into ${table} (${columns.join(', ')}) ${source}`, params: Object.values(row).map((v) => dbValue(kind, v)) };
}

export function execute<T = Array<Record<string, unknown>>>(em: EntityManager, statement: NativeStatement): Promise<T> {
  return (em as SqlEntityManager).execute<T & object>(statement.sql, statement.params) as Promise<T>;
}

/**
 * PostgreSQL: several statements as one, each a data-modifying CTE (`w0`, `w1`, ... after the `leading` ones), then
 * `select`. One round trip, atomic on its own (no BEGIN/COMMIT); all parts see the same snapshot.
 */
export function withStatements(parts: NativeStatement[], select = 'select 1', leading: Array<[name: string, statement: NativeStatement]> = []): NativeStatement {
  const named = [...leading, ...parts.map((p, i) => [`w${i}`, p] as [string, NativeStatement])];
  return { sql: `with ${named.map(([name, p]) => `${name} as (${p.sql})`).join(', ')} ${select}`, params: named.flatMap(([, p]) => p.params) };
}

/** Runs statements all or nothing: one statement on PostgreSQL (see withStatements), a transaction on SQLite. */
export async function atomically(em: EntityManager, kind: DatabaseKind, statements: NativeStatement[]): Promise<void> {
  if (kind === 'postgresql') await execute(em, statements.length === 1 ? statements[0] : withStatements(statements));
  else await em.fork().transactional(async (tx) => {
    for (const statement of statements) await execute(tx, statement);
  });
}

type EntityClass = abstract new (...args: never[]) => object;

const columnLists = new Map<string, string[]>();

/** An entity's eagerly loaded columns (what a plain find selects: scalars and to-one keys; lazy ones only when named). */
function columns(em: EntityManager, entity: EntityClass, lazy: string[]): string[] {
  const key = `${entity.name}:${lazy.join(',')}`;
  let list = columnLists.get(key);
  if (list === undefined) {
    const meta = em.getMetadata().get(entity.name);
    list = meta.props
      .filter((p) => (!p.lazy || lazy.includes(p.name)) && p.persist !== false && (p.kind === 'scalar' || p.kind === 'm:1' || (p.kind === '1:1' && p.owner)))
      .flatMap((p) => p.fieldNames);
    columnLists.set(key, list);
  }
  return list;
}

/**
 * `alias."column" as "alias__column", ...` for an entity's columns as a find would load them (lazy properties only
 * when named, as `populate` would), from MikroORM's metadata; mapJoinedRow turns such rows into entities.
 */
export function selectColumns(em: EntityManager, entity: EntityClass, alias: string, lazy: string[] = []): string {
  return columns(em, entity, lazy)
    .map((f) => `${alias}."${f}" as "${alias}__${f}"`)
    .join(', ');
}

/** The same for a RETURNING clause (unqualified columns). */
export function returningColumns(em: EntityManager, entity: EntityClass, alias: string): string {
  return columns(em, entity, [])
    .map((f) => `"${f}" as "${alias}__${f}"`)
    .join(', ');
}

export function tableName(em: EntityManager, entity: EntityClass): string {
  return `"${em.getMetadata().get(entity.name).tableName}"`;
}

/**
 * Splits a joined row selected with `selectColumns` by alias and turns each part into a managed entity, as a find
 * would (types converted, merged into the identity map like a find's result).
 */
export function mapJoinedRow<T extends Record<string, EntityClass>>(em: EntityManager, row: Record<string, unknown>, entities: T): { [K in keyof T]: InstanceType<T[K]> } {
  const parts: Record<string, Record<string, unknown>> = {};
  for (const k in row) {
    const i = k.indexOf('__');
    if (i > 0) (parts[k.slice(0, i)] ??= {})[k.slice(i + 2)] = row[k];
  }
  const out: Record<string, unknown> = {};
  for (const alias in entities) out[alias] = mapRow(em, entities[alias], parts[alias]);
  return out as { [K in keyof T]: InstanceType<T[K]> };
}

/** A row as the driver returns it (column names, database types) as a managed entity, as em.findOne makes it. */
export function mapRow<E extends EntityClass>(em: EntityManager, entity: E, row: Record<string, unknown>): InstanceType<E> {
  const driver = em.getDriver() as unknown as { mapResult(row: Record<string, unknown>, meta: unknown): Record<string, unknown> };
  // em.map would also validate every value and snapshot the entity a second time.
  const data = driver.mapResult(row, em.getMetadata().get(entity.name));
  return em.getEntityFactory().create(entity.name, data as never, { merge: true, convertCustomTypes: true }) as InstanceType<E>;
}

/**
 * A loaded entity's columns as a find returns them (lazy ones, such as a password hash, left out), valued as the
 * driver reads them back: what `mapRow` turns into the same entity elsewhere (another instance) without a read.
 * Undefined when the entity has a column this cannot value (a relation): then read it as usual.
 */
export function entityRow(em: EntityManager, kind: DatabaseKind, entity: object): Record<string, unknown> | undefined {
  const meta = em.getMetadata().get(entity.constructor.name);
  const row: Record<string, unknown> = {};
  for (const p of meta.props) {
    if (p.kind !== 'scalar' || p.lazy || p.persist === false || p.fieldNames?.length !== 1) continue;
    row[p.fieldNames[0]] = rowValue(kind, (entity as Record<string, unknown>)[p.name] ?? null);
  }
  return columns(em, meta.class as EntityClass, []).every((c) => c in row) ? row : undefined;
}

/** A value as the driver reads it back: on SQLite dates are epoch milliseconds, JSON is text and booleans are 0/1. */
export function rowValue(kind: DatabaseKind, value: unknown): unknown {
  if (kind === 'postgresql') return value;
  return dbValue(kind, value);
}
