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

/**
 * What the fingerprints of one build's documents share — every template's path and bytes, the font
 * configuration's bytes, each font file's size and time — read by its first document and kept for the
 * others (buildMany gives its documents one): for a batch, ~35 file-system calls a document that give
 * the same answers. A file edited during the batch leaves the later documents' fingerprints older than
 * what they were built with, so the next build rebuilds them; watch gives none (each rebuild reads).
 */
export interface SharedFingerprintInputs {
  projectRoot?: string;
  config?: FontSet['config'];
  parts?: (string | Buffer)[];
}

function sharedInputs(settings: Settings, fonts: FontSet): (string | Buffer)[] {
  const parts: (string | Buffer)[] = [];
  for (const f of templateFiles(settings.projectRoot)) parts.push(f, readFileSync(f));
  const cfg = fonts.config;
  parts.push(readFileSync(resolveAsset('fonts/fonts.json', settings.projectRoot)));
  for (const spec of [...Object.values(cfg.roles), ...cfg.fallback]) {
    const p = splitFontSpec(spec).file; // a collection's face: `file.ttc#Face`
    const st = existsSync(p) ? statSync(p) : undefined;
    parts.push(`${p}:${st?.size ?? 0}:${st?.mtimeMs ?? 0}`);
  }
  return parts;
}

/** The fingerprint of a document's inputs; `shared`: the parts its build's documents share, kept there (see SharedFingerprintInputs) */
export function buildFingerprint(
  input: Uint8Array,
  settings: Settings,
  fonts: FontSet,
  shared?: SharedFingerprintInputs,
): string {
  const h = createHash('sha256');
  h.update(lecternVersion());
  h.update(JSON.stringify({ ...settings, creationDate: settings.creationDate.toISOString() }));
  h.update(input);
  const kept =
    shared?.projectRoot === settings.projectRoot && shared.config === fonts.config ? shared.parts : undefined;
  const parts = kept ?? sharedInputs(settings, fonts);
  if (shared && !kept) Object.assign(shared, { projectRoot: settings.projectRoot, config: fonts.config, parts });
  for (const p of parts) h.update(p);
  return h.digest('hex');
}
