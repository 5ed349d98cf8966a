// Bundles src/ and its npm dependencies into dist/ with esbuild (minified ES modules, one chunk per
// lazily loaded stage). Loading one bundle costs about half of what resolving and compiling the
// packages' own files does, and start-up is a large share of a build. tsc only type-checks.
// Kept external: packages that load files of their own at run time (wasm, native addons such as
// jieba, locales, browser drivers).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Handlebars from 'handlebars';

const external = [
  'subset-font',
  'harfbuzzjs',
  '@node-rs/jieba',
  '@marp-team/marp-cli',
  'playwright-core',
  'chokidar',
  'fsevents',
];

/**
 * pdfkit resolves its standard fonts (and sRGB profile) relative to its own file; once bundled,
 * `import.meta.url` is ours, so point those look-ups back at the installed package. Its MD5 (for the
 * file ID) is a pure-JS implementation that costs ~13 ms on a cold start; Node's own gives the same
 * 16 bytes of the same UTF-8 input.
 */
const pdfkitPaths = {
  name: 'pdfkit-paths',
  setup(b) {
    b.onLoad({ filter: /pdfkit[\\/]js[\\/]pdfkit\.node\.mjs$/ }, (args) => {
      const pkgUrl = "createRequire(import.meta.url).resolve('pdfkit')";
      const source = readFileSync(args.path, 'utf8');
      const md5 = 'function md5Hash(data) {\n  return md5.create().update(data).digest();\n}';
      if (!source.includes(md5)) throw new Error(`pdfkit-paths: md5Hash not found in ${args.path}`);
      const code = source
        .replace('createRequire(import.meta.url)', `createRequire(${pkgUrl})`)
        .replace(
          "new URL('./data/sRGB_IEC61966_2_1.icc', import.meta.url)",
          `new URL('./data/sRGB_IEC61966_2_1.icc', 'file://' + ${pkgUrl})`,
        )
        .replace(
          md5,
          "function md5Hash(data) {\n  return new Uint8Array(createRequire(import.meta.url)('node:crypto').createHash('md5').update(data).digest());\n}",
        );
      return { contents: code, loader: 'js' };
    });
  },
};

/**
 * fontkit imports a 470 KB Brotli decoder for WOFF2 fonts, which lectern's TTF/OTF fonts never need:
 * load it only when a WOFF2 font is actually opened.
 */
const lazyBrotli = {
  name: 'lazy-brotli',
  setup(b) {
    b.onResolve({ filter: /^brotli\/decompress\.js$/ }, () => ({ path: 'lazy-brotli', namespace: 'lazy-brotli' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-brotli' }, () => ({
      contents:
        "import{createRequire}from'node:module';const r=createRequire(import.meta.url);export default function(buf,size){return r('brotli/decompress.js')(buf,size);}",
      loader: 'js',
    }));
  },
};

/**
 * fontkit, unicode-properties and linebreak (through pdfkit) inflate five Unicode data tries when
 * they are loaded (~35 ms on a cold start, on each thread), though a Chinese handout never looks
 * most of them up: each trie is built on its first `get` instead. Only `get` is ever called on them.
 */
const lazyTries = {
  name: 'lazy-unicode-tries',
  setup(b) {
    b.onLoad({ filter: /(fontkit|unicode-properties|linebreak)[\\/]dist[\\/]module\.mjs$/ }, (args) => {
      let count = 0;
      const code = readFileSync(args.path, 'utf8').replace(
        /^const (\$\w+\$var\$(?:trie|classTrie)) = new (\(0, [\w$]+\)|[\w$]+)\((.*)\);$/gm,
        (_, name, ctor, argsText) => {
          count++;
          return `let ${name}$built; const ${name} = { get: (cp) => (${name}$built ??= new ${ctor}(${argsText})).get(cp) };`;
        },
      );
      if (count === 0) throw new Error(`lazy-unicode-tries: no trie found in ${args.path}`);
      return { contents: code, loader: 'js' };
    });
  },
};

/**
 * Marpit splits the token stream into slides with `reduce((arr, …) => [...arr, ...slide])`, which
 * copies everything gathered so far once per slide: quadratic, 24 s of a 4 MB transcript's build.
 * Appending instead gives the same tokens in linear time.
 */
const linearSlideSplit = {
  name: 'marpit-linear-slide-split',
  setup(b) {
    b.onLoad({ filter: /@marp-team[\\/]marpit[\\/]lib[\\/]markdown[\\/]slide\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const code = source
        .replace('return [...arr, ...(0, _wrap_tokens.wrapTokens)(', 'arr.push(...(0, _wrap_tokens.wrapTokens)(')
        .replace(
          '}, slideTokens.slice(firstHr ? 1 : 0))];',
          '}, slideTokens.slice(firstHr ? 1 : 0)));\n      return arr;',
        );
      if (code === source || !code.includes('return arr;'))
        throw new Error(`marpit-linear-slide-split: pattern not found in ${args.path}`);
      return { contents: code, loader: 'js' };
    });
  },
};

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
  plugins: [pdfkitPaths, lazyBrotli, lazyTries, linearSlideSplit],
  // CommonJS packages inside an ES module bundle still call require() for node built-ins.
  banner: { js: "import{createRequire as __lecternCR}from'node:module';const require=__lecternCR(import.meta.url);" },
  logLevel: 'warning',
  chunkNames: 'chunks/[name]-[hash]',
});

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
