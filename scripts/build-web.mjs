// Builds the web app into web/dist (the server serves it at /), unless web/dist was built from exactly the inputs
// that are there now: `npm start` on an unchanged tree then skips the Vite build. `--force` always builds.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { inputsHash, upToDate } from './inputs-hash.mjs';

const STAMP = 'web/dist/.inputs-sha256';

if (!existsSync('web/vite.config.ts')) {
  console.log('web/: no app to build');
  process.exit(0);
}
// Everything the Vite build reads: web/ (but not its output) and the installed dependency set.
const digest = inputsHash(['web', 'package.json', 'package-lock.json'], ['web/dist']);
if (!process.argv.includes('--force') && existsSync('web/dist/index.html') && upToDate(STAMP, digest)) {
  console.log('web/dist is up to date with web/ (npm run build:web -- --force rebuilds it)');
  process.exit(0);
}
const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
writeFileSync(STAMP, `${digest}\n`);
