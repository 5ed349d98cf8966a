// Bundles src/ and its npm dependencies into dist/ with esbuild (minified ES modules, one chunk per
// lazily loaded stage). Loading one bundle costs about half of what resolving and compiling the
// packages' own files does, and start-up is a large share of a build. tsc only type-checks.
// Kept external: packages that load files of their own at run time (wasm, native addons such as
// jieba, locales, browser drivers).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { buildDictionaryFile } from '../src/deck/jieba-dictionary.mjs';
import { asciiSource } from './ascii-source.mjs';
import {
  bundlePatches,
  exactNames,
  fontkitOnDemand,
  linebreakOnDemand,
  marpDependenciesChunkSource,
  marpDependenciesOnDemand,
} from '../src/vendor/bundle.mjs';

const external = [
  'subset-font',
  'harfbuzzjs',
  '@node-rs/jieba',
  '@marp-team/marp-cli',
  'playwright-core',
  'chokidar',
  'fsevents',
];

// Third-party patches applied while bundling (pdfkit, fontkit's and pdfkit's Unicode tries, Marpit):
// src/vendor/bundle.mjs, listed in src/vendor/README.md. A patch that no longer applies fails the build.
const patches = bundlePatches();

// Built next to dist/ and swapped in at the end, so that a running lectern (or a test) never sees
// a half-built dist/.
const staging = `dist.${process.pid}.tmp`;
rmSync(staging, { recursive: true, force: true });

// lectern's own templates, precompiled: a build whose template is unchanged skips Handlebars'
// compiler (tens of milliseconds on a cold start). src/templates compares the source with the one kept
// (by text, not a hash: the slide worker of a cold build then never loads node:crypto).
// They are written to dist/templates.cjs (read when lectern runs from its sources) and bundled in
// place of src/templates/precompiled.ts, so that each thread takes them from its bundle's code cache
// instead of compiling a 58 KB file without one.
const specs = readdirSync('templates')
  .filter((f) => f.endsWith('.hbs'))
  .sort()
  .map((f) => {
    const source = readFileSync(`templates/${f}`, 'utf8');
    return `${JSON.stringify(f)}: { source: ${JSON.stringify(source)}, spec: ${Handlebars.precompile(source, { preventIndent: true })} }`;
  });

/** src/templates/precompiled.ts as the specs themselves, made when first asked for */
const precompiledTemplatesPlugin = {
  name: 'precompiled-templates',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]templates[\\/]precompiled\.ts$/ }, () => ({
      contents: `let templates;\nexport function precompiledTemplates() {\n  return (templates ??= {\n${specs.join(',\n')}\n  });\n}\n`,
      loader: 'js',
    }));
  },
};

const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  external,
  minify: !process.env.LECTERN_DEBUG_BUILD,
  keepNames: false,
  legalComments: 'none',
  plugins: [precompiledTemplatesPlugin, ...patches.plugins],
  logLevel: 'warning',
};
await build({
  ...shared,
  // dist/cli.js: the command line where no code cache fits (src/cli-start.ts); dist/worker.js: a batch worker
  entryPoints: ['src/cli.ts', 'src/pipeline/worker.ts'],
  entryNames: '[name]',
  outdir: staging,
  splitting: true,
  format: 'esm',
  // CommonJS packages inside an ES module bundle still call require() for node built-ins.
  banner: { js: "import{createRequire as __lecternCR}from'node:module';const require=__lecternCR(import.meta.url);" },
  chunkNames: 'chunks/[name]-[hash]',
});
patches.assertAllApplied();

// Packages a cold build never loads — yargs (only a command line the hand parser leaves to it,
// src/cli.ts), zod (only settings to validate, src/settings.ts), pptxgenjs (only --slides-pptx) and
// fontkit (only a font that needs its shaper; both threads, bundle patch fontkit-on-demand) — are
// CommonJS bundles of their own beside the two threads' bundles, which require them on first use (by
// the same import or require as when they were bundled in, so the same build of each package). Bundled
// in, their code was read and decoded with the rest at every start (the bundle is made one string for
// V8: ~1.2 ms of the main thread's CPU per MB) and held in each thread's heap. Their
// functions were never in a code cache (the recording build does not run them), so a run that needs
// one compiles it as before.
// Each bundle's module.exports is what its importers took from the package: yargs' and pptxgenjs'
// default export (an ES module's `import x from` of a CommonJS file gets its module.exports), zod's
// CommonJS build, fontkit's ES module's exports (its stand-in calls `create`).
const LAZY_PACKAGES = {
  yargs: `import yargs from 'yargs';\nmodule.exports = yargs;\n`,
  zod: `module.exports = require('zod');\n`,
  pptxgenjs: `import PptxGenJS from 'pptxgenjs';\nmodule.exports = PptxGenJS;\n`,
  fontkit: `export * from 'fontkit';\n`,
  // the command line's Marp stack (marp-core, Marpit with its own markdown-it, PostCSS, xss…), needed
  // only when the slide stage runs in-thread (no compiled slide worker): one bundle, so that marp-core
  // and Marpit stay one copy each; each of src/vendor/marp.ts's imports takes one of its exports
  // (MARP_IMPORTS). marp-core by `import`, as the slide worker's bundle takes it (its ES module build).
  marp:
    `import * as marpCore from '@marp-team/marp-core';\nexport { marpCore };\n` +
    `export const marpit = require('@marp-team/marpit');\n` +
    `export const inlineStyle = require('@marp-team/marpit/lib/helpers/inline_style.js');\n` +
    `export const directivesYaml = require('@marp-team/marpit/lib/markdown/directives/yaml.js');\n`,
};
const lazyChunk = (pkg) => `./lazy-${pkg}.cjs`;
/** The lazily required packages' imports as requires of their bundles (fontkit's: fontkitOnDemand) */
const lazyPackages = {
  name: 'lazy-packages',
  setup(b) {
    b.onResolve({ filter: /^(yargs|zod|pptxgenjs)$/ }, (args) => ({ path: lazyChunk(args.path), external: true }));
  },
};
/** The Marp packages lectern imports (src/vendor/marp.ts), each as the lazy Marp bundle's export */
const MARP_IMPORTS = {
  '@marp-team/marp-core': 'marpCore',
  '@marp-team/marpit': 'marpit',
  '@marp-team/marpit/lib/helpers/inline_style.js': 'inlineStyle',
  '@marp-team/marpit/lib/markdown/directives/yaml.js': 'directivesYaml',
};
/**
 * The command line's imports of Marp as modules whose module.exports is the lazy bundle's export: the
 * same object as bundled in (a module's own exports, marp-core's namespace), so the importer's interop
 * gives what it gave, and Marpit's modules patched in place (memoised-render-steps) are the ones it runs.
 */
const lazyMarp = {
  name: 'lazy-marp',
  setup(b) {
    b.onResolve({ filter: exactNames(Object.keys(MARP_IMPORTS)) }, (args) => ({
      path: args.path,
      namespace: 'lazy-marp',
    }));
    b.onResolve({ filter: /^\.\/lazy-marp\.cjs$/, namespace: 'lazy-marp' }, (args) => ({
      path: args.path,
      external: true,
    }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-marp' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(lazyChunk('marp'))}).${MARP_IMPORTS[args.path]};\n`,
      loader: 'js',
    }));
  },
};
/** A lazily required bundle, dist/lazy-NAME.cjs, of the CommonJS entry `contents` */
async function buildLazy(name, contents) {
  await build({
    ...shared,
    stdin: { contents, resolveDir: process.cwd(), sourcefile: `lazy-${name}.js` },
    outfile: `${staging}/${lazyChunk(name)}`,
    format: 'cjs',
    supported: { 'dynamic-import': false },
    define: { 'import.meta.url': '__lecternUrl' },
    banner: { js: "const __lecternUrl=require('node:url').pathToFileURL(__filename).href;" },
  });
  writeFileSync(`${staging}/${lazyChunk(name)}`, asciiSource(readFileSync(`${staging}/${lazyChunk(name)}`, 'utf8')));
}
for (const [pkg, contents] of Object.entries(LAZY_PACKAGES)) await buildLazy(pkg, contents);

// The packages the slide worker's Marp sets up only when it runs them (PostCSS, its selector parser and
// plug-ins, js-yaml: bundle patch marp-dependencies-on-demand) likewise: one bundle of their own, built
// from the modules the worker's stand-ins take (after the worker's bundle), so that the worker's bundle,
// read and decoded at every start, holds none of their code (~0.25 MB).
const marpModules = new Map();
const marpDependencies = marpDependenciesOnDemand(lazyChunk('marp-dependencies'), marpModules);

// The command line and the slide worker's stage as one CommonJS bundle each, loaded with V8's code
// cache by src/code-cache.ts (Node 20 keeps no code cache for ES modules); and the two threads' entries,
// which load those bundles so (the main thread's, dist/cli-start.cjs, required by bin/lectern.js, also
// starts the slide worker): CommonJS, so that neither thread sets up Node's ES module loader (~8 ms of
// the worker's start-up, ~12 ms of the main thread's, on a cold build's critical path).
for (const [entry, out] of [
  ['src/cli.ts', 'cli.cjs'],
  ['src/pipeline/slides-worker.ts', 'slides-worker.cjs'],
  ['src/pipeline/slides-worker-loader.ts', 'slides-worker-loader.cjs'],
  ['src/cli-start.ts', 'cli-start.cjs'],
]) {
  await build({
    ...shared,
    entryPoints: [entry],
    outfile: `${staging}/${out}`,
    format: 'cjs',
    // import() of an external package (subset-font, marp-cli, chokidar) as require(): a vm.Script run
    // from a code cache has no dynamic-import callback ("A dynamic import callback was not specified").
    // cli-start.cjs is no vm.Script: its import() of the ES module build (no code cache fits) stays one.
    supported: { 'dynamic-import': out === 'cli-start.cjs' },
    // both threads set fontkit up only if a font needs it, the command line linebreak only if pdfkit
    // lays text out, the slide worker PostCSS and js-yaml only if Marp runs them (src/vendor/bundle.mjs)
    plugins:
      out === 'cli.cjs'
        ? [lazyPackages, lazyMarp, fontkitOnDemand(lazyChunk('fontkit')), linebreakOnDemand(), ...shared.plugins]
        : out === 'slides-worker.cjs'
          ? [lazyPackages, fontkitOnDemand(lazyChunk('fontkit')), marpDependencies, ...shared.plugins]
          : shared.plugins,
    define: { 'import.meta.url': '__lecternUrl' },
    banner: { js: "const __lecternUrl=require('node:url').pathToFileURL(__filename).href;" },
  });
  // ASCII only: a one-byte source string in V8, half the memory (scripts/ascii-source.mjs)
  writeFileSync(`${staging}/${out}`, asciiSource(readFileSync(`${staging}/${out}`, 'utf8')));
}

await buildLazy('marp-dependencies', marpDependenciesChunkSource(marpModules));

// jieba's dictionary in buckets, so that a deck loads only the words its text can use
// (src/deck/jieba-dictionary.mjs)
writeFileSync(
  `${staging}/jieba-dict.bin`,
  buildDictionaryFile(readFileSync(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt'), 'utf8')),
);

// the precompiled templates for lectern run from its sources (src/templates/precompiled.ts)
writeFileSync(`${staging}/templates.cjs`, `module.exports = {\n${specs.join(',\n')}\n};\n`);

rmSync('dist', { recursive: true, force: true });
renameSync(staging, 'dist');

// The code caches of dist/cli.cjs and dist/slides-worker.cjs: recorded by building the sample once, so
// that they hold every function a build needs already compiled (see src/code-cache.ts); the same run
// writes the Marp stylesheet of the sample's deck (dist/marp-styles.json), the themes Marp made from CSS
// (dist/marp-themes.json: src/slides/render.ts) and marp-cli's bespoke stylesheet (dist/marp-bespoke.json:
// src/slides/bespoke.ts). Without
// them lectern works the same, only its cold start is slower.
const cacheRun = spawnSync(
  process.execPath,
  [
    'bin/lectern.js',
    'build',
    'content/guangan-township-forum.txt',
    '--out',
    mkdtempSync(join(tmpdir(), 'lectern-cache-')),
    '--force',
    '-q',
  ],
  { env: { ...process.env, LECTERN_CODE_CACHE_OUT: '1' }, encoding: 'utf8' },
);
for (const bundle of ['cli.cjs', 'slides-worker.cjs'])
  if (cacheRun.status !== 0 || !readdirSync('dist').some((f) => f.startsWith(`${bundle}.`) && f.endsWith('.cache')))
    process.stderr.write(`compile: no code cache for dist/${bundle} (cold builds are slower):\n${cacheRun.stderr}\n`);
