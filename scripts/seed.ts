import 'reflect-metadata';
import { ConfigError, loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { DEMO_PASSWORD, seedDemo } from '../src/modules/admin/seed.js';
import { createServer } from '../src/server.js';

const USAGE = `Usage: npm run seed -- [--messages N] [--extra-users N]

Fills the configured database (DATABASE_URL, or SQLite at ./data/parley.db) with demo users, rooms of every kind
and a message history. Defaults: 3000 messages, no extra users. Does nothing if the demo users already exist.`;

function intFlag(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i === -1) return fallback;
  const n = Number(args[i + 1]);
  if (!Number.isInteger(n) || n < 0 || n > 10_000_000) {
    console.error(`${name} needs a whole number.\n\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const messages = intFlag(args, '--messages', 3000);
  const extraUsers = intFlag(args, '--extra-users', 0);
  // The seed signs in nobody and sends within its own limits: a generated secret and lifted rate limits are fine here.
  const config = loadConfig({
    ...process.env,
    JWT_SECRET: process.env.JWT_SECRET || 'seed-only-secret-never-used-to-sign-anything-0123456789',
    RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
    RATE_LIMIT_SEND_PER_MINUTE: '100000',
    SERVE_WEB: 'false',
  });
  const server = await createServer({ config, logger: createLogger('warn'), migrate: true });
  const tty = process.stdout.isTTY;
  try {
    console.log(`Seeding ${config.database.kind === 'sqlite' ? `SQLite ${config.database.sqlitePath}` : 'PostgreSQL'}...`);
    const result = await seedDemo(server.app, {
      messages,
      extraUsers,
      log: (line) => console.log(line),
      progress: (line) => (tty ? process.stdout.write(`\r${line}   `) : console.log(line)),
    });
    if (tty) process.stdout.write('\n');
    console.log('');
    console.log(`Demo accounts (password for every one: ${DEMO_PASSWORD}):`);
    for (const u of result.users) console.log(`  ${u.username.padEnd(10)} ${u.email.padEnd(24)} ${u.role}`);
    if (result.seeded) console.log(`\n${result.rooms.length} rooms, ${result.messages} messages.`);
    console.log(`
Next: npm start, open http://localhost:${config.port}/graphql (Apollo Sandbox) and sign in:
  mutation { login(input: { username: "ada", password: "${DEMO_PASSWORD}" }) { accessToken } }
then set the header  Authorization: Bearer <accessToken>  and try  { rooms(first: 10) { edges { node { id name kind unreadCount } } } }
(the README's "Seed and explore" section goes on to a live subscription).`);
  } finally {
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
