import 'reflect-metadata';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { createServer } from './server.js';

/** The only file that listens and handles signals. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  // A promise rejected with nobody to handle it is a bug (a library's or ours) in one piece of work: it is logged and
  // the server keeps serving (Node's default would end the process, and every socket on it, over it). An exception
  // nobody caught leaves the process in a state nobody knows: logged, then exit for the supervisor to restart.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception; exiting');
    process.exit(1);
  });
  if (config.jwtSecretGenerated) {
    logger.warn('JWT_SECRET is not set: using a random one for this run (tokens will not survive a restart). Set JWT_SECRET for anything beyond local use.');
  }
  const server = await createServer({ config, logger });
  const port = await server.listen();
  logger.info(
    { port, database: config.database.kind, pubsub: server.app.pubsub.kind, sandbox: config.sandbox },
    `Parley listening on http://localhost:${port}/ (GraphQL and graphql-ws at /graphql)`,
  );

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    try {
      await server.stop();
      logger.info('stopped');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
