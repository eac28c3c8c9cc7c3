// A digest of a build's inputs, so a build step can tell that its output already matches them and skip itself.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** sha256 over the names and contents of every file under `roots` (files or folders), skipping `skip` folders. */
export function inputsHash(roots, skip = []) {
  const hash = createHash('sha256');
  const skipped = new Set(skip.map((s) => path.normalize(s)));
  const visit = (p) => {
    if (skipped.has(path.normalize(p)) || path.basename(p) === 'node_modules' || !existsSync(p)) return;
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) visit(path.join(p, name));
    } else {
      hash.update(p).update('\0').update(readFileSync(p)).update('\0');
    }
  };
  for (const root of roots) visit(root);
  return hash.digest('hex');
}

/** Whether `stampFile` records exactly `digest`. */
export function upToDate(stampFile, digest) {
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === digest;
}
