// src/vendor: every third-party patch applies to the pinned version, and fails loudly (throws) when
// the code it patches is not there — never a silent fallback to the unpatched path.
import { test } from 'node:test';
import type { Plugin } from 'esbuild';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Marp } from '@marp-team/marp-core';
import { Marpit, Theme } from '@marp-team/marpit';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';
import PDFDocument from 'pdfkit';
import { FontSet, loadFontConfig } from '../src/fonts';
import {
  BundlePatchError,
  bundlePatches,
  linebreakOnDemand,
  patchBudouxEntry,
  patchEntitiesLazyTrie,
  patchJsYamlEsprima,
  patchLazyTries,
  patchMarpitNesting,
  patchMarpitScaffold,
  patchMarpitSlideSplit,
  patchPdfkit,
  patchYargsHelpCache,
  patchYargsMainFilename,
  patchPdfkitAes,
} from '../src/vendor/bundle.mjs';
import { fastSimpleGlyphSubset, rawFontData, seedLoca } from '../src/vendor/fontkit';
import {
  bespokeStylesheet,
  MemoisedStyleMarp,
  memoisePureRenderSteps,
  readStringLiteral,
  withoutBuiltInThemes,
  withRecordedThemes,
  type ThemeFields,
} from '../src/vendor/marp';
import { VendorPatchError } from '../src/vendor/patch';
import { type EmbeddedFont, memoiseStreamDeflate, pdfInternals, prepareEmbeddedFont } from '../src/vendor/pdfkit';
import { root } from './helpers';

const installed = (pkg: string, file: string) => readFileSync(join(root, 'node_modules', pkg, file), 'utf8');
const isBundlePatchError = (name: string) => (e: unknown) => e instanceof BundlePatchError && e.message.includes(name);
const isVendorError = (patch: string) => (e: unknown) => e instanceof VendorPatchError && e.patch === patch;

/**
 * Bundles `contents` (resolved from `resolveDir`) as CommonJS with the given plugins and evaluates it
 * with `require` rooted there, plus the extra module-scope names given (e.g. `__dirname`): what a
 * bundle patch does to a library, run without writing a bundle to disk.
 */
async function bundleAndRun<T>(
  contents: string,
  plugins: Plugin[],
  {
    resolveDir = root,
    define,
    scope = {},
  }: { resolveDir?: string; define?: Record<string, string>; scope?: Record<string, unknown> } = {},
): Promise<T> {
  const { build } = await import('esbuild');
  const bundled = await build({
    stdin: { contents, resolveDir, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    plugins,
    ...(define ? { define } : {}),
    logLevel: 'silent',
  });
  const module = { exports: {} as T };
  new Function('module', 'exports', 'require', ...Object.keys(scope), bundled.outputFiles[0]!.text)(
    module,
    module.exports,
    createRequire(join(resolveDir, 'package.json')),
    ...Object.values(scope),
  );
  return module.exports;
}

/**
 * A stand-in for `RegExp` that records the source length of every expression made through it. A
 * function, not an arrow: libraries call it both as RegExp(…) and as new RegExp(…).
 */
function countingRegExp(): { made: number[]; counting: (pattern: string | RegExp, flags?: string) => RegExp } {
  const made: number[] = [];
  function counting(pattern: string | RegExp, flags?: string): RegExp {
    const re = new RegExp(pattern, flags);
    made.push(re.source.length);
    return re;
  }
  return { made, counting };
}

test('bundle patches apply to the installed (pinned) pdfkit, fontkit, unicode-properties, linebreak and Marpit', () => {
  const pdfkit = patchPdfkit(installed('pdfkit', 'js/pdfkit.node.mjs'));
  assert.match(pdfkit, /createHash\('md5'\)/);
  // pdfkit's package is resolved when a standard font or the sRGB profile is asked for, not at load
  assert.match(
    pdfkit,
    /const require\$1 = \(id\) => createRequire\(createRequire\(import\.meta\.url\)\.resolve\('pdfkit'\)\)\(id\);/,
  );
  assert.match(pdfkit, /const ICC_PROFILE_PATH = \(\) => new URL\(/);
  assert.match(pdfkit, /fs\.readFileSync\(ICC_PROFILE_PATH\(\)\)/);
  for (const [pkg, file] of [
    ['fontkit', 'dist/module.mjs'],
    ['unicode-properties', 'dist/module.mjs'],
    ['linebreak', 'dist/module.mjs'],
  ] as const)
    assert.match(patchLazyTries(installed(pkg, file)), /\$built \?\?= new/, pkg);
  assert.match(patchMarpitSlideSplit(installed('@marp-team/marpit', 'lib/markdown/slide.js')), /return arr;/);
  assert.match(
    patchMarpitNesting(installed('@marp-team/marpit', 'lib/postcss/nesting.js')),
    /postcssNestingRule \?\?= \(0, _postcssNesting\.default\)\(\)\.Rule/,
  );
  assert.doesNotMatch(patchBudouxEntry(installed('budoux', 'module/index.js')), /html_processor/);
  assert.match(
    patchYargsMainFilename(installed('yargs', 'lib/platform-shims/esm.mjs')),
    /const mainFilename = __dirname;/,
  );
  assert.doesNotMatch(patchYargsHelpCache(installed('yargs', 'build/lib/command.js')), /cacheHelpMessage\(\)/);
});

test('yargs-no-help-cache: a command run through the bundled yargs leaves no help text formatted; --help prints it', async () => {
  // a command line like src/cli.ts's: a command with options whose handler only records that it ran
  const program = `import yargs from 'yargs';
export async function run(argv, log) {
  const y = yargs(argv).scriptName('lectern').command('build [paths..]', 'build transcripts',
    (b) => b.options({ out: { type: 'string', describe: 'output folder' }, force: { type: 'boolean', describe: 'rebuild' } }),
    () => log.push('build')).strict().help().wrap(null).exitProcess(false);
  const usage = y.getInternalMethods().getUsageInstance();
  await y.parseAsync();
  return usage.hasCachedHelpMessage();
}`;
  const load = async (plugins: Plugin[]) =>
    (
      await bundleAndRun<{ run(argv: string[], log: string[]): Promise<boolean> }>(program, plugins, {
        scope: { __dirname: join(root, 'dist'), __filename: join(root, 'dist', 'cli.cjs') },
      })
    ).run;
  const patched = await load(bundlePatches().plugins);
  const log: string[] = [];
  assert.equal(await patched(['build', 'talk.txt', '--out', 'out'], log), false, 'no help text kept after the command');
  assert.deepEqual(log, ['build'], 'the command ran');
  // unpatched, yargs formats and keeps the help after the handler (so the test above can fail)
  assert.equal(await (await load([]))(['build', 'talk.txt'], []), true);
  // --help still formats and prints the command's help (no handler runs)
  const printed: string[] = [];
  const write = console.log;
  console.log = (...args: unknown[]) => void printed.push(args.join(' '));
  try {
    await patched(['build', '--help'], log);
  } finally {
    console.log = write;
  }
  assert.match(printed.join('\n'), /--force\s+rebuild/);
  assert.deepEqual(log, ['build'], '--help runs no command');
});

test('budoux-parser-only: the deck planner bundles BudouX without its HTML parser and DOM (linkedom)', async () => {
  const { build } = await import('esbuild');
  const bundled = async (plugins: Plugin[]) => {
    const r = await build({
      entryPoints: [join(root, 'src', 'deck', 'segment.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      metafile: true,
      external: ['@node-rs/jieba'],
      plugins,
      logLevel: 'silent',
    });
    return Object.keys(r.metafile.inputs);
  };
  const withPatch = await bundled(bundlePatches().plugins);
  assert.ok(withPatch.some((f) => /budoux[\\/]module[\\/]parser\.js$/.test(f)));
  assert.deepEqual(
    withPatch.filter((f) => /linkedom|html_processor|models[\\/](ja|th|zh-hant)\.js/.test(f)),
    [],
  );
  // without it, the package's entry brings them all
  assert.ok((await bundled([])).some((f) => /linkedom/.test(f)));
});

test('linebreak-on-demand: pdfkit bundled for the command line sets linebreak up only when it lays text out; the same layout', async () => {
  const program = `import PDFDocument from 'pdfkit';
export function pdf(laidOut) {
  const date = new Date(Date.UTC(2024, 0, 2));
  const doc = new PDFDocument({ info: { CreationDate: date, ModDate: date } });
  const chunks = [];
  doc.on('data', (c) => chunks.push(c));
  doc.rect(10, 10, 50, 50).fill();
  const drawn = globalThis.linebreakSetUps ?? 0;
  if (laidOut) doc.text('lectern draws glyph ids; pdfkit lays this text out in lines', { width: 80 });
  doc.end();
  return { drawn, laidOut: globalThis.linebreakSetUps ?? 0, bytes: Buffer.concat(chunks) };
}`;
  // counts, in globalThis.linebreakSetUps, how often linebreak's module is set up (its top level run)
  const markLinebreak: Plugin = {
    name: 'mark-linebreak-set-up',
    setup(b) {
      b.onLoad({ filter: /linebreak[\\/]dist[\\/]module\.mjs$/ }, (args) => ({
        contents: `${readFileSync(args.path, 'utf8')}\nglobalThis.linebreakSetUps = (globalThis.linebreakSetUps ?? 0) + 1;\n`,
        loader: 'js',
      }));
    },
  };
  type Run = (laidOut: boolean) => { drawn: number; laidOut: number; bytes: Buffer };
  const load = async (plugins: Plugin[]): Promise<Run> =>
    (
      await bundleAndRun<{ pdf: Run }>(program, [...plugins, markLinebreak, ...bundlePatches().plugins], {
        define: { 'import.meta.url': '__lecternUrl' },
        scope: { __lecternUrl: pathToFileURL(join(root, 'dist', 'cli.cjs')).href },
      })
    ).pdf;
  const global = globalThis as { linebreakSetUps?: number };
  delete global.linebreakSetUps;
  const patched = await load([linebreakOnDemand()]);
  const drawing = patched(false);
  assert.equal(drawing.laidOut, 0, 'linebreak set up for a PDF without text layout');
  const laidOut = patched(true);
  assert.deepEqual([laidOut.drawn, laidOut.laidOut], [0, 1], 'set up once, when pdfkit lays text out');
  // unpatched, loading pdfkit sets linebreak up (so that the test above can fail); the same bytes
  delete global.linebreakSetUps;
  const unpatched = await load([]);
  assert.equal(global.linebreakSetUps, 1);
  assert.ok(unpatched(true).bytes.equals(laidOut.bytes), 'the same PDF');
  assert.ok(unpatched(false).bytes.equals(drawing.bytes));
});

test('pdfkit-no-aes, js-yaml-no-esprima: the command line bundles neither AES nor esprima; js-yaml without esprima resolves no !!js/function, a tag safeLoad never reads', async () => {
  const cli = readFileSync(join(root, 'dist', 'cli.cjs'), 'utf8');
  assert.doesNotMatch(cli, /Wrong sbox length/, 'the AES tables of @noble/ciphers');
  assert.doesNotMatch(cli, /_require\(["']esprima["']\)/);
  assert.match(cli, /esprima is not bundled/);
  // js-yaml, loaded as bundled: its function type without esprima, which safeLoad never uses
  const patched = patchJsYamlEsprima(installed('gray-matter', 'node_modules/js-yaml/lib/js-yaml/type/js/function.js'));
  const module = { exports: {} as { resolve(data: string): boolean } };
  new Function('require', 'module', patched)((id: string) => {
    if (id === '../../type')
      return function Type(_tag: string, o: { resolve(data: string): boolean }) {
        return o;
      };
    throw new Error(`unexpected require ${id}`);
  }, module);
  assert.equal(module.exports.resolve('function () {}'), false, 'a !!js/function is not resolved, as without esprima');
});

test('marpit-scaffold-precomputed: the bundled scaffold theme is the one Marpit builds, made without PostCSS when its module loads', () => {
  const requireMarpit = createRequire(
    join(root, 'node_modules', '@marp-team', 'marpit', 'lib', 'theme', 'scaffold.js'),
  );
  const Theme = requireMarpit('../theme').default as new (name: unknown, css: string) => object;
  const marpits = requireMarpit('./scaffold').scaffoldTheme as Record<string, unknown>;
  // the patched module, run with a Theme whose fromCSS (PostCSS) fails: it must not be called
  class ThemeWithoutPostcss extends Theme {
    static fromCSS(): never {
      throw new Error('fromCSS called when the scaffold module loads');
    }
  }
  const module = { exports: {} as { scaffoldTheme?: Record<string, unknown> } };
  new Function(
    'exports',
    'require',
    'module',
    patchMarpitScaffold(installed('@marp-team/marpit', 'lib/theme/scaffold.js')),
  )(
    module.exports,
    (id: string) => (id === '../theme' ? { __esModule: true, default: ThemeWithoutPostcss } : requireMarpit(id)),
    module,
  );
  const made = module.exports.scaffoldTheme!;
  assert.deepEqual(Object.getOwnPropertyNames(made), Object.getOwnPropertyNames(marpits));
  for (const key of Object.keys(marpits)) assert.deepEqual(made[key], marpits[key], key);
  assert.ok(Object.isFrozen(made) && Object.isFrozen(made.meta));
  assert.equal(made.widthPixel, 1280);
  assert.equal(made.heightPixel, 720);
  // a Marpit whose scaffold theme has a field the patch does not know of is not bundled
  assert.throws(
    () =>
      patchMarpitScaffold(
        installed('@marp-team/marpit', 'lib/theme/scaffold.js'),
        'scaffold.js',
        Object.freeze({ ...marpits, size: '16:9' }) as never,
      ),
    isBundlePatchError('marpit-scaffold-precomputed'),
  );
});

test('lazy-entity-tables: entities makes its HTML decoding trie on the first decode, not when it loads; the same decodes', async () => {
  const { build } = await import('esbuild');
  // markdown-it's entities (8.x) and Marp's (Marpit's markdown-it's, 4.x), required as their markdown-it requires them
  for (const from of [root, join(root, 'node_modules', '@marp-team', 'marpit')]) {
    const bundled = await build({
      stdin: { contents: "module.exports = require('entities');", resolveDir: from, loader: 'js' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      plugins: bundlePatches().plugins,
      logLevel: 'silent',
    });
    const unpatched = createRequire(join(from, 'package.json'))('entities') as {
      decodeHTML(s: string): string;
      decodeHTMLStrict(s: string): string;
    };
    // the trie is a Uint16Array of thousands of code units: count those made
    const Made = globalThis.Uint16Array;
    let tries = 0;
    globalThis.Uint16Array = class extends Made {
      constructor(...args: ConstructorParameters<Uint16ArrayConstructor>) {
        super(...args);
        if (this.length > 2000) tries++;
      }
    } as Uint16ArrayConstructor;
    try {
      const module = { exports: {} as { decodeHTML(s: string): string; decodeHTMLStrict(s: string): string } };
      new Function('module', 'exports', 'require', bundled.outputFiles[0]!.text)(
        module,
        module.exports,
        createRequire(join(from, 'package.json')),
      );
      assert.equal(tries, 0, `${from}: no trie made when entities loads`);
      const { decodeHTML } = module.exports;
      assert.equal(decodeHTML('&hearts;'), '\u2665');
      const made = tries;
      assert.ok(made > 0, `${from}: the trie made on the first decode`);
      for (const text of ['&amp;&copy;&notin;&NotNestedGreaterGreater;&#75;&#x1D538;', '&amp &lt;b&gt; &unknown; &'])
        for (const f of ['decodeHTML', 'decodeHTMLStrict'] as const)
          assert.equal(module.exports[f](text), unpatched[f](text), `${from}: ${f}(${text})`);
      assert.equal(tries, made, `${from}: and only then`);
    } finally {
      globalThis.Uint16Array = Made;
    }
  }
  assert.throws(() => patchEntitiesLazyTrie('', 'entities/lib/escape.js'), isBundlePatchError('lazy-entity-tables'));
  assert.throws(() => patchEntitiesLazyTrie('', 'entities/lib/encode.js'), isBundlePatchError('lazy-entity-tables'));
});

test('lazy-entity-tables: Marp’s entities (4.x) makes its HTML encoding table on the first encode, not when it loads; the same encodes', async () => {
  const { build } = await import('esbuild');
  const from = join(root, 'node_modules', '@marp-team', 'marpit');
  type Entities = { encodeHTML(s: string): string; encodeNonAsciiHTML(s: string): string };
  const unpatched = createRequire(join(from, 'package.json'))('entities') as Entities;
  // the table is a Map of ~1,300 characters: count those made
  const Made = globalThis.Map;
  let tables = 0;
  globalThis.Map = class<K, V> extends Made<K, V> {
    constructor(entries?: Iterable<readonly [K, V]> | null) {
      super(entries);
      if (this.size > 1000) tables++;
    }
  } as MapConstructor;
  const load = async (plugins: Plugin[]) => {
    const bundled = await build({
      stdin: { contents: "module.exports = require('entities');", resolveDir: from, loader: 'js' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      plugins,
      logLevel: 'silent',
    });
    const module = { exports: {} as Entities };
    new Function('module', 'exports', 'require', bundled.outputFiles[0]!.text)(
      module,
      module.exports,
      createRequire(join(from, 'package.json')),
    );
    return module.exports;
  };
  try {
    const entities = await load(bundlePatches().plugins);
    assert.equal(tables, 0, 'no table made when entities loads');
    const texts = ['<a href="x">&\'</a>', '政策 “引号” © ≠ 😀 \u00a0', 'plain ascii'];
    for (const text of texts)
      for (const f of ['encodeHTML', 'encodeNonAsciiHTML'] as const)
        assert.equal(entities[f](text), unpatched[f](text), `${f}(${text})`);
    assert.equal(tables, 1, 'made once, on the first encode');
    // without the patch, loading entities makes it (so that the test can fail)
    await load([]);
    assert.equal(tables, 2);
  } finally {
    globalThis.Map = Made;
  }
});

/** The text of `source` from `start` to the first `end` after it (included), `end` being a line of its own */
function sourcePart(source: string, start: string, end: string): string {
  const at = source.indexOf(start);
  const stop = source.indexOf(`\n${end}\n`, at) + end.length + 1;
  assert.ok(at >= 0 && stop > at);
  return source.slice(at, stop);
}

test("pdfkit-latin1: pdfkit's strings become the same bytes, copied natively instead of one code unit at a time", () => {
  const pdfkit = installed('pdfkit', 'js/pdfkit.node.mjs');
  const fromBinaryString = (source: string) =>
    new Function(`${sourcePart(source, 'const fromBinaryString = ', '};')}\nreturn fromBinaryString;`)() as (
      s: string,
    ) => Uint8Array;
  const original = fromBinaryString(pdfkit);
  const patched = fromBinaryString(patchPdfkit(pdfkit));
  assert.notEqual(patched.toString(), original.toString());
  const long = Array.from({ length: 10000 }, (_, i) => String.fromCharCode((i * 7919) % 0x3000)).join('');
  for (const text of ['', '<< /Type /Page >>\n', 'stream\u00ff\u0100\u4e2d\ud800x', long]) {
    const bytes = patched(text);
    assert.ok(bytes instanceof Uint8Array);
    assert.deepEqual([...bytes], [...original(text)]);
  }
});

test("pdfkit-convert-numbers-first: pdfkit's PDFObject.convert gives a number the same string without Object.prototype.toString", () => {
  const pdfkit = installed('pdfkit', 'js/pdfkit.node.mjs');
  // pdfkit's PDFObject class, run with stand-ins for the module's other names (none reached here)
  const pdfObject = (source: string) => {
    const names =
      'PDFTree, PDFAbstractReference, SpotColor, pad, toUTF16BE, fromBinaryString, toBinaryString, escapableRe, escapable, bytesToHex';
    return new Function(
      `const [${names}] = [class {}, class {}, class {}];\n${sourcePart(source, 'class PDFObject {', '}')}\nreturn PDFObject;`,
    )() as {
      convert(o: unknown): unknown;
    };
  };
  const original = pdfObject(pdfkit);
  const patched = pdfObject(patchPdfkit(pdfkit));
  const values: unknown[] = [0, -0, 1, -1.5, 612, 841.8897637795275, 1e-7, 123456.1234567, 0.1 + 0.2, 2 ** 40];
  values.push(values.slice(0, 4), { Type: 'Page', MediaBox: [0, 0, 595.28, 841.89], Rotate: 0 }, true, null, 'Name');
  for (const v of values) assert.deepEqual(patched.convert(v), original.convert(v));
  const objectToString = Object.prototype.toString;
  let calls = 0;
  const counting = (convert: (o: unknown) => unknown) => {
    calls = 0;
    Object.prototype.toString = function (this: unknown) {
      calls++;
      return objectToString.call(this);
    };
    try {
      for (const n of values.slice(0, 10)) convert(n);
    } finally {
      Object.prototype.toString = objectToString;
    }
    return calls;
  };
  assert.equal(counting(patched.convert), 0);
  assert.equal(counting(original.convert), 10); // without the patch each number asked for its tag
});

test('bundle patches throw when their pattern is missing', () => {
  assert.throws(
    () =>
      patchMarpitNesting(installed('@marp-team/marpit', 'lib/postcss/nesting.js').replace('Rule: apply', 'Rule:apply')),
    isBundlePatchError('marpit-nesting-on-demand'),
  );
  const pdfkit = installed('pdfkit', 'js/pdfkit.node.mjs');
  assert.throws(
    () => patchPdfkit(pdfkit.replace('out[i] = str.charCodeAt(i) & 0xff;', 'out[i] = str.charCodeAt(i);')),
    isBundlePatchError('pdfkit-latin1'),
  );
  assert.throws(() => patchPdfkit(pdfkit.replace('md5.create()', 'md5.make()')), isBundlePatchError('pdfkit-md5'));
  assert.throws(
    () => patchPdfkit(pdfkit.replace("if (typeof object === 'string') {", "if (typeof object == 'string') {")),
    isBundlePatchError('pdfkit-convert-numbers-first'),
  );
  assert.throws(
    () => patchPdfkit(pdfkit.replaceAll('createRequire(import.meta.url)', 'require')),
    isBundlePatchError('pdfkit-paths'),
  );
  assert.throws(
    () => patchPdfkit(pdfkit.replace('sRGB_IEC61966_2_1.icc', 'sRGB.icc')),
    isBundlePatchError('pdfkit-paths'),
  );
  assert.throws(
    () => patchPdfkit(pdfkit.replace('fs.readFileSync(ICC_PROFILE_PATH)', 'fs.readFileSync(ICC_PROFILE_PATH.href)')),
    isBundlePatchError('pdfkit-paths'),
  );
  assert.throws(() => patchLazyTries('const trie = 1;'), isBundlePatchError('lazy-unicode-tries'));
  assert.throws(
    () => patchYargsMainFilename('const mainFilename = process.cwd();'),
    isBundlePatchError('yargs-own-package'),
  );
  assert.throws(
    () =>
      patchYargsHelpCache(installed('yargs', 'build/lib/command.js').replace('.cacheHelpMessage()', '.cacheHelp()')),
    isBundlePatchError('yargs-no-help-cache'),
  );
  const slide = installed('@marp-team/marpit', 'lib/markdown/slide.js');
  assert.throws(
    () => patchMarpitSlideSplit(slide.replace('[...arr, ...', '[].concat(arr, ')),
    isBundlePatchError('marpit'),
  );
  for (const file of ['entities/dist/decode.js', 'entities/dist/generated/decode-data-html.js'])
    assert.throws(
      () => patchEntitiesLazyTrie(installed('', file).replace('htmlDecodeTree', 'decodeTreeHtml'), file),
      isBundlePatchError('lazy-entity-tables'),
    );
  const scaffold = installed('@marp-team/marpit', 'lib/theme/scaffold.js');
  assert.throws(
    () => patchMarpitScaffold(scaffold.replace('fromCSS(css, {', 'fromCSS(css.trim(), {')),
    isBundlePatchError('marpit-scaffold-precomputed'),
  );
  assert.throws(
    () => patchBudouxEntry(installed('budoux', 'module/index.js').replace("from './parser.js'", "from './parse.js'")),
    isBundlePatchError('budoux-parser-only'),
  );
  assert.throws(
    () => patchPdfkitAes(pdfkit.replace("from '@noble/ciphers/aes'", "from '@noble/ciphers/aes.js'")),
    isBundlePatchError('pdfkit-no-aes'),
  );
  const yamlFunction = installed('gray-matter', 'node_modules/js-yaml/lib/js-yaml/type/js/function.js');
  assert.throws(
    () => patchJsYamlEsprima(yamlFunction.replace("_require('esprima')", "require('esprima')")),
    isBundlePatchError('js-yaml-no-esprima'),
  );
  // a bundle in which a patched file never showed up (moved, renamed) fails too
  assert.throws(() => bundlePatches().assertAllApplied(), BundlePatchError);
});

const fonts = new FontSet(loadFontConfig(root));

test('fontkit patches throw when fontkit internals are missing', () => {
  assert.throws(() => rawFontData({} as never), isVendorError('raw-font-data'));
  const body = fonts.get('body').font;
  const { tables } = rawFontData(body);
  assert.ok(tables.glyf && tables.loca, 'the default body font is a TrueType font');
  // seeding loca needs fontkit's decoded-table cache
  const noCache = { stream: { buffer: new Uint8Array(8) }, directory: { tables } };
  assert.throws(() => seedLoca(noCache as never, new Uint8Array(0)), isVendorError('seed-loca'));
  // the subset speed-up needs TTFSubset._addGlyph, and encode()'s set-up before the first glyph
  const font = body as unknown as { directory: unknown; stream: unknown; hhea: unknown; loca: unknown };
  assert.throws(() => fastSimpleGlyphSubset({ font }), isVendorError('fast-simple-glyph-subset'));
  const subset = { font, _addGlyph: () => 0 };
  fastSimpleGlyphSubset(subset);
  assert.throws(() => subset._addGlyph(), isVendorError('fast-simple-glyph-subset'));
  // a CFF font (no glyf) is not patched, and that is not an error
  fastSimpleGlyphSubset({ font: { directory: { tables: { CFF: { offset: 0, length: 0 } } } } });
});

test('seedLoca gives fontkit the offsets its own loca decoding gives, in a Uint32Array (long and short tables)', () => {
  const katex = join(root, 'node_modules', '@marp-team', 'marp-cli', 'node_modules', 'katex', 'dist', 'fonts');
  const files = [
    fonts.get('body').path, // a long table (offsets in bytes), 30,000 glyphs
    join(katex, 'KaTeX_Main-Regular.ttf'), // a short one (offsets in halves)
    join(katex, 'KaTeX_Size3-Regular.ttf'),
  ];
  type Loca = { loca: { offsets: ArrayLike<number>; version: number } };
  for (const file of files) {
    const bytes = readFileSync(file);
    const own = fontkit.create(bytes) as unknown as Loca; // fontkit decodes loca itself
    const seeded = fontkit.create(bytes) as unknown as Loca;
    seedLoca(seeded as unknown as Font, bytes);
    assert.ok(seeded.loca.offsets instanceof Uint32Array, file); // a loop into an Array cost ~2 ms a CJK font
    assert.equal(seeded.loca.version, own.loca.version, file);
    assert.deepEqual(Array.from(seeded.loca.offsets), Array.from(own.loca.offsets), file);
  }
  assert.deepEqual(
    files.map((f) => (fontkit.create(readFileSync(f)) as unknown as Loca).loca.version),
    [1, 0, 0],
    'one long and two short tables',
  );
});

test('pdfkit patches throw when pdfkit internals are missing', () => {
  assert.throws(() => pdfInternals({} as never), isVendorError('draw-glyph-ids'));
  const pdf = new PDFDocument({ autoFirstPage: false });
  const internals = pdfInternals(pdf);
  assert.throws(() => internals.pageFonts(), isVendorError('draw-glyph-ids')); // no page yet
  (pdf as unknown as { _font: unknown })._font = { id: 'F1' };
  assert.throws(() => internals.currentFont(), isVendorError('draw-glyph-ids'));
  // an embed() that never encodes the subset (the cached font file would silently not be used)
  const font = {
    id: 'F1',
    subset: { font: { directory: { tables: {} } }, includeGlyph: () => 0, encode: () => new Uint8Array(0), glyphs: [] },
    widths: [],
    unicode: [],
    ref: () => ({}),
    embed: () => {},
    toUnicodeCmap: () => ({}),
  } as unknown as EmbeddedFont;
  // a font without pdfkit's toUnicodeCmap (a kept face's map could not be written in its place)
  assert.throws(
    () => prepareEmbeddedFont(pdf, { ...font, toUnicodeCmap: undefined } as never, 'key'),
    isVendorError('cached-font-file'),
  );
  prepareEmbeddedFont(pdf, font, 'key');
  assert.throws(() => font.embed(), isVendorError('cached-font-file'));
  // a reference without finalize()/buffer/compress: its stream could not be deflated through the cache
  const bare = new PDFDocument({ autoFirstPage: false }) as unknown as { ref(): object };
  bare.ref = () => ({ data: {} });
  memoiseStreamDeflate(bare as never);
  assert.throws(() => bare.ref(), isVendorError('deflate-once'));
});

test('Marp patches throw when marp-core, Marpit or marp-cli no longer match', () => {
  const opts = { emoji: { shortcode: false, unicode: false }, math: false } as const;
  const marp = withoutBuiltInThemes(['gaia', 'uncover'], () => new Marp(opts));
  assert.ok(marp.themeSet.has('default') && !marp.themeSet.has('gaia') && !marp.themeSet.has('uncover'));
  assert.throws(
    () => withoutBuiltInThemes(['gaia', 'no-such-theme'], () => new Marp(opts)),
    isVendorError('skip-built-in-themes'),
  );
  // a Marpit without themeSetPackOptions (taken off every prototype that defines it, then put back)
  const removed: [object, PropertyDescriptor][] = [];
  for (let p: object | null = MemoisedStyleMarp.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, 'themeSetPackOptions');
    if (d) removed.push([p, d]);
  }
  assert.ok(removed.some(([p]) => p === Marpit.prototype));
  for (const [p] of removed) delete (p as Record<string, unknown>).themeSetPackOptions;
  try {
    assert.throws(() => new MemoisedStyleMarp(opts), isVendorError('memoised-style'));
  } finally {
    for (const [p, d] of removed) Object.defineProperty(p, 'themeSetPackOptions', d);
  }
  assert.throws(
    () => bespokeStylesheet([{ name: 'x.js', source: 'no stylesheet here' }]),
    isVendorError('bespoke-assets'),
  );
  assert.throws(() => readStringLiteral('abc', 0), isVendorError('bespoke-assets'));
  assert.equal(bespokeStylesheet([{ name: 'x.js', source: "a={bespoke:{css:'b{c:\\'d\\'}'}}" }]), "b{c:'d'}");
  // Marpit's yaml module or InlineStyle class not where the memos expect them
  const style = { prototype: { toString: () => '' } };
  assert.throws(() => memoisePureRenderSteps(marp, {}, style), isVendorError('memoised-render-steps'));
  assert.throws(
    () => memoisePureRenderSteps(marp, { yaml: () => false }, { prototype: {} } as never),
    isVendorError('memoised-render-steps'),
  );
});

test('recorded-themes: a theme set adds a theme made before from the same CSS and options again from its fields, without PostCSS', () => {
  const lecternCss = readFileSync(join(root, 'templates', 'themes', 'lectern.css'), 'utf8');
  const made = new Map<string, ThemeFields>();
  const first = withRecordedThemes(new Map(), made, () => new Marp({}));
  first.themeSet.add(lecternCss);
  assert.deepEqual(
    [...made.values()].map((t) => t.name),
    ['default', 'gaia', 'uncover', 'lectern'],
  );
  // again, with those recorded and Theme.fromCSS (PostCSS) failing: the same themes
  const fromCSS = Theme.fromCSS;
  Theme.fromCSS = () => {
    throw new Error('a theme made through PostCSS');
  };
  let again: Marp;
  const madeAgain = new Map<string, ThemeFields>();
  try {
    again = withRecordedThemes(made, madeAgain, () => new Marp({}));
    again.themeSet.add(lecternCss);
  } finally {
    Theme.fromCSS = fromCSS;
  }
  // the themes taken from the record are what a recording build writes again (not an empty list)
  assert.deepEqual([...madeAgain.keys()], [...made.keys()]);
  assert.deepEqual(
    [...again.themeSet.themes()].map((t) => t.name),
    ['default', 'gaia', 'uncover', 'lectern'],
  );
  for (const name of ['default', 'lectern']) {
    const [want, got] = [first.themeSet.get(name)!, again.themeSet.get(name)!];
    assert.ok(got instanceof Theme && Object.isFrozen(got) && Object.isFrozen(got.meta), name);
    assert.deepEqual(Object.getOwnPropertyNames(got), Object.getOwnPropertyNames(want));
    for (const key of Object.keys(want))
      assert.deepEqual(got[key as keyof Theme], want[key as keyof Theme], `${name}.${key}`);
    assert.equal(got.widthPixel, want.widthPixel);
  }
  assert.equal(again.themeSet.default, again.themeSet.get('default'));
  const deck = '---\ntheme: lectern\nsize: 4:3\n---\n\n# 一\n';
  assert.deepEqual(again.render(deck), first.render(deck));
  // other options (metaType) make another key: made as usual
  const other = withRecordedThemes(made, new Map(), () => new Marpit());
  assert.throws(() => {
    Theme.fromCSS = () => {
      throw new Error('made');
    };
    try {
      other.themeSet.add(lecternCss);
    } finally {
      Theme.fromCSS = fromCSS;
    }
  }, /made/);
});

test('linkify-lazy-regexps: Marp’s linkify-it makes its fuzzy expressions when first read, and finds the same links', async () => {
  // markdown-it's own linkify-it (5), resolved as Marpit's markdown-it resolves it; `RegExp` counted
  const resolveDir = join(root, 'node_modules', '@marp-team', 'marpit', 'node_modules', 'markdown-it');
  const load = async (plugins: Plugin[]) => {
    const { made, counting } = countingRegExp();
    const LinkifyIt = await bundleAndRun<new () => Record<string, (text: string) => unknown>>(
      `module.exports = require('linkify-it');`,
      plugins,
      { resolveDir, scope: { RegExp: counting } },
    );
    return { LinkifyIt, made };
  };
  const LONG = 4000; // the fuzzy link, e-mail and host expressions are 4–19 thousand characters
  const patched = await load(bundlePatches().plugins);
  const linkify = new patched.LinkifyIt();
  assert.deepEqual(
    patched.made.filter((n) => n > LONG),
    [],
    'no long expression made by the constructor',
  );
  linkify.pretest!('一段没有链接的文字。');
  assert.equal(
    patched.made.filter((n) => n > LONG).length,
    1,
    'pretest makes itself (and the short ones it is made of) only',
  );
  // unpatched, the constructor makes them all (so that the test above can fail)
  const unpatched = await load([]);
  const plain = new unpatched.LinkifyIt();
  assert.equal(unpatched.made.filter((n) => n > LONG).length, 7, String(unpatched.made));
  const texts = [
    '一段没有链接的文字。',
    '详见 https://www.gov.cn/zhengce/2024-01/01/content_1.htm 。',
    '网址www.example.com，邮箱 someone@example.org；',
    'github.com/markdown-it/linkify-it 与 192.168.0.1:8080/path',
    'mailto:a.b@c.cn 以及 //example.net/x?y=1 和 ftp://files.example.com',
    '（见example.cn）“xn--fiqs8s.xn--fiqz9s/首页”',
    '@ 符号 a@b 与 user@localhost',
  ];
  assert.ok(texts.filter((t) => plain.match!(t)).length >= 5, 'most texts hold links');
  for (const text of texts) {
    for (const method of ['pretest', 'test', 'match', 'matchAtStart'] as const)
      assert.deepEqual(
        JSON.stringify(new patched.LinkifyIt()[method]!(text)),
        JSON.stringify(plain[method]!(text)),
        `${method}(${text})`,
      );
    assert.deepEqual(JSON.stringify(linkify.match!(text)), JSON.stringify(plain.match!(text)), `match(${text}), warm`);
  }
});

test('marp-emoji-lazy-regexp: marp-core makes its Unicode emoji expression on first use, with the same renders', async () => {
  const load = async (plugins: Plugin[]) => {
    const { made, counting } = countingRegExp();
    const { Marp: BundledMarp } = await bundleAndRun<{ Marp: typeof Marp }>(
      `module.exports = require('@marp-team/marp-core');`,
      plugins,
      { scope: { RegExp: counting } },
    );
    return { BundledMarp, made };
  };
  const LONG = 10000; // emoji-regex's expression is ~14,000 characters
  const patched = await load(bundlePatches().plugins);
  assert.deepEqual(
    patched.made.filter((n) => n > LONG),
    [],
    'not made at set-up',
  );
  // the other patches kept (Marpit's scaffold theme is one)
  const unpatched = await load(bundlePatches().plugins.filter((p) => p.name !== 'marp-emoji-lazy-regexp'));
  assert.equal(
    unpatched.made.filter((n) => n > LONG).length,
    1,
    'made at set-up unpatched (so that the test can fail)',
  );
  const deck = '# 标题 😀\n\n正文 👍🏽 与 `代码 🎉` 以及 ✌︎ 和 #️⃣\n\n```\n🚀 fence\n```\n';
  for (const emoji of [{ shortcode: false, unicode: false } as const, {}, { unicode: true } as const]) {
    const a = new patched.BundledMarp({ emoji, script: false }).render(deck);
    const b = new unpatched.BundledMarp({ emoji, script: false }).render(deck);
    assert.equal(a.html, b.html, JSON.stringify(emoji));
  }
  const emojiLength = unpatched.made.find((n) => n > LONG);
  assert.equal(
    patched.made.filter((n) => n === emojiLength).length,
    1,
    'made once, when the Unicode emoji rules first ran',
  );
});
