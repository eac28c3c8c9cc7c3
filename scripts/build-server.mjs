// Compiles the server (tsc, incremental) unless dist/ was compiled from exactly the sources there now, so
// `npm start` on an unchanged tree starts at once. `--force` always compiles.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { inputsHash, upToDate } from './inputs-hash.mjs';

const STAMP = 'dist/.inputs-sha256';
// Everything tsconfig.json compiles, the config itself and the installed dependency set (types can change).
const digest = inputsHash(['src', 'scripts', 'mikro-orm.config.ts', 'tsconfig.json', 'package.json', 'package-lock.json']);
if (!process.argv.includes('--force') && existsSync('dist/src/main.js') && upToDate(STAMP, digest)) {
  console.log('dist/ is up to date with the sources');
  process.exit(0);
}
const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
writeFileSync(STAMP, `${digest}\n`);
