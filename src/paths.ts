// Where lectern finds its assets. A project folder (the current directory) may carry its own
// `templates/` and `fonts/`; whatever it lacks comes from lectern's own package.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return dir;
    const up = dirname(dir);
    if (up === dir) return start;
    dir = up;
  }
}

/** lectern's own installation (holds the default templates/ and fonts/) */
export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** A template, theme or font configuration file: the project's copy if it has one, else lectern's. */
export function resolveAsset(relative: string, projectRoot = process.cwd()): string {
  const own = resolve(projectRoot, relative);
  return existsSync(own) ? own : join(packageRoot, relative);
}
