// Where lectern finds its assets and the user's project. A project folder may carry its own
// `templates/`, `fonts/` and `lectern.json`; whatever it lacks comes from lectern's own package.
import { existsSync, statSync } from 'node:fs';
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

/** Files that mark a project folder, as npm (package.json) and lectern itself (lectern.json) know it. */
export const PROJECT_MARKERS = ['lectern.json', 'package.json'] as const;

export interface ProjectRoot {
  dir: string;
  /** How it was found: `--project`, the marker file found walking up, or the current folder for want of one */
  how: 'option' | (typeof PROJECT_MARKERS)[number] | 'cwd';
}

/**
 * The project a command works in: `--project DIR` if given, else the nearest folder at or above
 * `start` (the first transcript path, or the current folder) holding lectern.json or package.json —
 * as npm and git find theirs — else the current folder.
 */
export function findProjectRoot(opts: { project?: string; start?: string; cwd?: string } = {}): ProjectRoot {
  const cwd = opts.cwd ?? process.cwd();
  if (opts.project) return { dir: resolve(cwd, opts.project), how: 'option' };
  let dir = resolve(cwd, opts.start ?? '.');
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = dirname(dir); // a path that does not exist: the build reports it; look from its folder
  }
  for (;;) {
    for (const marker of PROJECT_MARKERS) if (existsSync(join(dir, marker))) return { dir, how: marker };
    const up = dirname(dir);
    if (up === dir) return { dir: cwd, how: 'cwd' };
    dir = up;
  }
}
