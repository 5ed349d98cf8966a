// lectern's own templates, precompiled by scripts/compile.mjs. In dist/ this module is replaced by
// the specs themselves (`precompiledTemplatesPlugin` in scripts/compile.mjs), so that they are part
// of each code-cached bundle: required as dist/templates.cjs they were compiled without a code cache
// on both threads of every cold build (~2.5 ms each). Run from the sources (tests, tsx), it reads
// dist/templates.cjs when `npm run compile` has written it.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot } from '../paths';

/** A template precompiled from its source, which it keeps */
export interface Precompiled {
  source: string;
  /** Handlebars' template specification (`Handlebars.precompile`'s object) */
  spec: unknown;
}

let precompiled: Record<string, Precompiled> | null | undefined;

/** The precompiled templates by file name (`slides.md.hbs`), or null where there are none. */
export function precompiledTemplates(): Record<string, Precompiled> | null {
  if (precompiled === undefined) {
    try {
      precompiled = createRequire(import.meta.url)(join(packageRoot, 'dist', 'templates.cjs')) as Record<
        string,
        Precompiled
      >;
    } catch {
      precompiled = null;
    }
  }
  return precompiled;
}
