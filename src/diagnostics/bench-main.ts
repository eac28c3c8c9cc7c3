import 'reflect-metadata';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { createServer } from '../server.js';
import { diagnostics } from './diagnostics.js';

/**
 * The server bench/ runs: the production server plus the diagnostics endpoints. Never a deployment's entry point
 * (that is src/main.ts); a bench run only needs it to listen and to stop on SIGTERM/SIGINT.
 */
async function benchMain() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const server = await createServer({ config, logger });
  diagnostics(server, { http: true });
  const port = await server.listen();
  logger.info({ port }, 'Parley (with diagnostics) listening');
  const shutdown = () => void server.stop().then(() => process.exit(0), () => process.exit(1));
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

benchMain().catch((err) => {
  console.error(err);
  process.exit(1);
});
