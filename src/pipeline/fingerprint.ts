// What a document's outputs depend on, hashed: the transcript's bytes, the settings, every template
// and theme, the font configuration and the font files (by size and modification time), and lectern's
// own version. Equal fingerprints mean the previous outputs are still right, so the build is skipped.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FontSet } from '../fonts';
import { splitFontSpec } from '../fonts/collection';
import { packageRoot, resolveAsset } from '../paths';
import type { Settings } from '../settings';

/**
 * Names in code-unit order: any fixed order will do, and `localeCompare` made V8 set up an ICU
 * collator (the set of every locale ICU has, canonicalised) on a cold build's first call — ~7 ms of
 * the main thread's CPU for sorting a few file names.
 */
function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function templateFiles(projectRoot: string): string[] {
  const files: string[] = [];
  for (const root of new Set([join(projectRoot, 'templates'), join(packageRoot, 'templates')])) {
    if (!existsSync(root)) continue;
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true }).sort(byName)) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(root);
  }
  return files;
}

let versionCache: string | undefined;
function lecternVersion(): string {
  versionCache ??= (() => {
    // The compiled code itself is part of what the outputs depend on.
    const pkg = readFileSync(join(packageRoot, 'package.json'), 'utf8');
    const dist = join(packageRoot, 'dist');
    const stamp = existsSync(dist)
      ? readdirSync(dist)
          .map((f) => `${f}:${statSync(join(dist, f)).mtimeMs}`)
          .join(',')
      : 'src';
    return `${pkg}\n${stamp}`;
  })();
  return versionCache;
}

export function buildFingerprint(input: Uint8Array, settings: Settings, fonts: FontSet): string {
  const h = createHash('sha256');
  h.update(lecternVersion());
  h.update(JSON.stringify({ ...settings, creationDate: settings.creationDate.toISOString() }));
  h.update(input);
  for (const f of templateFiles(settings.projectRoot)) {
    h.update(f);
    h.update(readFileSync(f));
  }
  const cfg = fonts.config;
  h.update(readFileSync(resolveAsset('fonts/fonts.json', settings.projectRoot)));
  for (const spec of [...Object.values(cfg.roles), ...cfg.fallback]) {
    const p = splitFontSpec(spec).file; // a collection's face: `file.ttc#Face`
    const st = existsSync(p) ? statSync(p) : undefined;
    h.update(`${p}:${st?.size ?? 0}:${st?.mtimeMs ?? 0}`);
  }
  return h.digest('hex');
}
