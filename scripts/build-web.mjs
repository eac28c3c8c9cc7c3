// Builds the web app when it exists (web/ arrives with the web-app issue); the server serves web/dist at /.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

if (!existsSync('web/vite.config.ts')) {
  console.log('web/: no app to build yet');
  process.exit(0);
}
const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
