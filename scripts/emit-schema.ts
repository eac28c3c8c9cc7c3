import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { printAppSchema } from '../src/schema.js';

/** Writes schema.graphql from the code; with --check, fails instead when the committed file differs. */
async function main() {
  const file = path.resolve('schema.graphql');
  const sdl = await printAppSchema();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      /* missing */
    }
    if (current !== sdl) {
      console.error('schema.graphql is out of date: run `npm run schema` and commit it.');
      process.exit(1);
    }
    console.log('schema.graphql is up to date.');
    return;
  }
  writeFileSync(file, sdl);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
