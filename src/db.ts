import { MikroORM, ReflectMetadataProvider, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { SqliteDriver } from '@mikro-orm/sqlite';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { entities } from './entities.js';
import { postgresqlMigrations } from './migrations/postgresql/index.js';
import { sqliteMigrations } from './migrations/sqlite/index.js';

/** MikroORM options for the configured database; shared by the server, the CLI config and scripts. */
export function ormOptions(config: Config, logger?: Logger): Options {
  const kind = config.database.kind;
  const common = {
    entities,
    metadataProvider: ReflectMetadataProvider,
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    debug: config.database.debugSql,
    logger: (message: string) => (logger ? logger.debug({ orm: message }, 'orm') : console.log(message)),
    forceUtcTimezone: true,
    allowGlobalContext: false,
    extensions: [Migrator],
    // Full-text search lives outside the entities (src/migrations/*/..._message_search.ts): schema diffs leave it be.
    schemaGenerator: { skipTables: [/^message_search/], skipColumns: { messages: ['search_vector'] } },
    migrations: {
      tableName: 'mikro_orm_migrations',
      pathTs: path.resolve(`src/migrations/${kind}`),
      path: path.resolve(`src/migrations/${kind}`),
      migrationsList: kind === 'postgresql' ? postgresqlMigrations : sqliteMigrations,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts' as const,
      silent: true,
    },
  };
  if (kind === 'postgresql') {
    return { ...common, driver: PostgreSqlDriver, clientUrl: config.database.url, pool: { min: 0, max: 10 } } as Options;
  }
  const file = config.database.sqlitePath!;
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  return {
    ...common,
    driver: SqliteDriver,
    dbName: file,
    pool: {
      afterCreate: (conn: { run: (sql: string, cb: (err?: Error) => void) => void }, done: (err: Error | null, conn: unknown) => void) => {
        // WAL lets readers proceed while a writer commits; busy_timeout waits instead of failing on a lock.
        conn.run('PRAGMA foreign_keys = ON', () =>
          conn.run('PRAGMA journal_mode = WAL', () => conn.run('PRAGMA busy_timeout = 5000', (err) => done(err ?? null, conn))),
        );
      },
    },
  } as Options;
}

/** Opens the ORM and, when asked, applies pending migrations. */
export async function openOrm(config: Config, opts: { migrate: boolean; logger?: Logger }): Promise<MikroORM> {
  const orm = await MikroORM.init(ormOptions(config, opts.logger));
  if (opts.migrate) {
    const applied = await orm.getMigrator().up();
    if (applied.length) opts.logger?.info({ migrations: applied.map((m) => m.name), database: config.database.kind }, 'applied migrations');
  }
  return orm;
}
