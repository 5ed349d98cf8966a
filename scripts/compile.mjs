// Bundles src/ and its npm dependencies into dist/ with esbuild (minified ES modules, one chunk per
// lazily loaded stage). Loading one bundle costs about half of what resolving and compiling the
// packages' own files does, and start-up is a large share of a build. tsc only type-checks.
// Kept external: packages that load files of their own at run time (wasm, native addons such as
// jieba, locales, browser drivers).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { bundlePatches } from '../src/vendor/bundle.mjs';

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
await build({
  entryPoints: ['src/cli.ts', 'src/pipeline/worker.ts', 'src/pipeline/slides-worker.ts'],
  entryNames: '[name]',
  outdir: staging,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  minify: !process.env.LECTERN_DEBUG_BUILD,
  keepNames: false,
  legalComments: 'none',
  plugins: patches.plugins,
  // CommonJS packages inside an ES module bundle still call require() for node built-ins.
  banner: { js: "import{createRequire as __lecternCR}from'node:module';const require=__lecternCR(import.meta.url);" },
  logLevel: 'warning',
  chunkNames: 'chunks/[name]-[hash]',
});
patches.assertAllApplied();

// lectern's own templates, precompiled: a build whose template is unchanged skips Handlebars'
// compiler (tens of milliseconds on a cold start). src/templates checks the hash of the source.
const specs = readdirSync('templates')
  .filter((f) => f.endsWith('.hbs'))
  .sort()
  .map((f) => {
    const source = readFileSync(`templates/${f}`, 'utf8');
    const sha = createHash('sha256').update(source).digest('hex');
    return `${JSON.stringify(f)}: { sha: ${JSON.stringify(sha)}, spec: ${Handlebars.precompile(source, { preventIndent: true })} }`;
  });
writeFileSync(`${staging}/templates.cjs`, `module.exports = {\n${specs.join(',\n')}\n};\n`);

rmSync('dist', { recursive: true, force: true });
renameSync(staging, 'dist');
