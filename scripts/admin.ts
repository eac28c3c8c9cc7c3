import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../src/config.js';
import { runAdminCli } from '../src/modules/admin/admin.cli.js';

/** `npm run admin -- promote <email or username>` / `demote` / `list`: see src/modules/admin/admin.cli.ts. */
async function main() {
  // The CLI signs no tokens: a production shell without JWT_SECRET may still manage roles.
  const config = loadConfig({ LOG_LEVEL: 'silent', ...process.env, JWT_SECRET: process.env.JWT_SECRET || randomBytes(48).toString('base64') });
  const code = await runAdminCli(process.argv.slice(2), config, { out: (l) => console.log(l), err: (l) => console.error(l) });
  process.exit(code);
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : (err?.message ?? err));
  process.exit(1);
});
