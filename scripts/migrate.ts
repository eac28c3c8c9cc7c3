import 'reflect-metadata';
import { loadConfig } from '../src/config.js';
import { openOrm } from '../src/db.js';

/** Applies pending migrations to the configured database (DATABASE_URL) and lists what ran. */
async function main() {
  const config = loadConfig();
  const orm = await openOrm(config, { migrate: false });
  try {
    const migrator = orm.getMigrator();
    const pending = await migrator.getPendingMigrations();
    if (!pending.length) {
      console.log(`${config.database.kind}: up to date`);
      return;
    }
    for (const m of pending) console.log(`${config.database.kind}: applying ${m.name}`);
    await migrator.up();
    console.log(`${config.database.kind}: ${pending.length} migration(s) applied`);
  } finally {
    await orm.close(true);
  }
}

main().catch((err) => {
  console.error(err.message ?? err);
  process.exit(1);
});
