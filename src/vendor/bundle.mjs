// Bundle-time patches: esbuild plugins that rewrite third-party sources while scripts/compile.mjs
// bundles them into dist/. They exist only in the bundle (tests that import src/ run the libraries
// unpatched; test/vendor-golden.test.ts checks both give the same bytes). See README.md.
// Every rewrite checks that its pattern is there, and `assertAllApplied` checks that every patch
// found its file: a library that changed fails the build, it is never bundled unpatched.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative } from 'node:path';
import { zhHansCompactModel } from './budoux-model.mjs';

export class BundlePatchError extends Error {
  constructor(patch, what) {
    super(`bundle patch "${patch}" no longer applies: ${what} — see src/vendor/README.md to update or remove it`);
    this.name = 'BundlePatchError';
  }
}

/** Replaces `from` by `to` once; throws when `from` is not in the source. */
function replaceOnce(source, from, to, patch, file) {
  const at = source.indexOf(from);
  if (at < 0) throw new BundlePatchError(patch, `${JSON.stringify(from.slice(0, 60))} not found in ${file}`);
  return source.slice(0, at) + to + source.slice(at + from.length);
}

// ── pdfkit 0.20.2 ─────────────────────────────────────────────────────────────────────────────────

const PDFKIT_FROM_BINARY_STRING =
  'const fromBinaryString = str => {\n  const out = new Uint8Array(str.length);\n  for (let i = 0; i < str.length; i++) {\n    out[i] = str.charCodeAt(i) & 0xff;\n  }\n  return out;\n};';

const PDFKIT_CONVERT_START = `  static convert(object, encryptFn = null) {\n    if (typeof object === 'string') {\n      return \`/\${object}\`;\n    } else if (object instanceof String) {`;

const PDFKIT_MD5 = 'function md5Hash(data) {\n  return md5.create().update(data).digest();\n}';

/**
 * pdfkit resolves its standard fonts (and sRGB profile) relative to its own file; once bundled,
 * `import.meta.url` is ours, so point those look-ups back at the installed package — when they are
 * made: lectern draws with its own fonts and writes no PDF/A, and resolving the package at load time
 * (twice) was ~4 ms of every cold start. Its MD5 (for the file ID) is a pure-JS implementation that
 * costs ~13 ms on a cold start; Node's own gives the same 16 bytes of the same UTF-8 input.
 */
export function patchPdfkit(source, file = 'pdfkit.node.mjs') {
  const pkgUrl = "createRequire(import.meta.url).resolve('pdfkit')";
  let code = replaceOnce(
    source,
    'const require$1 = createRequire(import.meta.url);',
    `const require$1 = (id) => createRequire(${pkgUrl})(id);`,
    'pdfkit-paths',
    file,
  );
  code = replaceOnce(
    code,
    "const ICC_PROFILE_PATH = new URL('./data/sRGB_IEC61966_2_1.icc', import.meta.url).href;",
    `const ICC_PROFILE_PATH = () => new URL('./data/sRGB_IEC61966_2_1.icc', 'file://' + ${pkgUrl}).href;`,
    'pdfkit-paths',
    file,
  );
  code = replaceOnce(
    code,
    'fs.readFileSync(ICC_PROFILE_PATH)',
    'fs.readFileSync(ICC_PROFILE_PATH())',
    'pdfkit-paths',
    file,
  );
  code = replaceOnce(
    code,
    PDFKIT_FROM_BINARY_STRING,
    // the same bytes (latin1 writes each UTF-16 unit's low byte), copied natively
    "const fromBinaryString = str => {\n  const b = Buffer.from(str, 'latin1');\n  return new Uint8Array(b.buffer, b.byteOffset, b.length);\n};",
    'pdfkit-latin1',
    file,
  );
  code = replaceOnce(
    code,
    PDFKIT_CONVERT_START,
    // a number (most of what a PDF's objects hold) converted before the instanceof tests and the
    // Object.prototype.toString call it failed on its way to pdfkit's own number branch: the same string
    PDFKIT_CONVERT_START.replace(
      '    } else if (object instanceof String) {',
      "    } else if (typeof object === 'number') {\n      return PDFObject.number(object);\n    } else if (object instanceof String) {",
    ),
    'pdfkit-convert-numbers-first',
    file,
  );
  return replaceOnce(
    code,
    PDFKIT_MD5,
    "function md5Hash(data) {\n  return new Uint8Array(createRequire(import.meta.url)('node:crypto').createHash('md5').update(data).digest());\n}",
    'pdfkit-md5',
    file,
  );
}

const PDFKIT_AES = "import { cbc, ecb } from '@noble/ciphers/aes';";

/**
 * pdfkit imports AES (@noble/ciphers) for encrypted PDFs, and loading it builds its lookup tables
 * (~6 ms of a cold start, before the handout can start). lectern never encrypts a PDF (no password
 * setting reaches pdfkit): the bundle has a stand-in that says so if it is ever called.
 */
export function patchPdfkitAes(source, file = 'pdfkit.node.mjs') {
  return replaceOnce(
    source,
    PDFKIT_AES,
    "const cbc = () => { throw new Error('lectern bundles pdfkit without AES encryption (src/vendor/bundle.mjs)'); }, ecb = cbc;",
    'pdfkit-no-aes',
    file,
  );
}

// ── js-yaml 3.15.2 (gray-matter's) ──────────────────────────────────────────────────────────────────

const JS_YAML_ESPRIMA = "esprima = _require('esprima');";

/**
 * js-yaml 3 requires esprima at load time, for the `!!js/function` tag of its unsafe full schema;
 * gray-matter parses front matter with `safeLoad`, whose schema has no such tag. The require is
 * indirect, so esbuild left it to run time: esprima (~280 KB) was read and compiled on every cold
 * start (~7 ms, no code cache). Bundled, the require fails as if esprima were not installed — a case
 * js-yaml handles.
 */
export function patchJsYamlEsprima(source, file = 'js-yaml/lib/js-yaml/type/js/function.js') {
  return replaceOnce(
    source,
    JS_YAML_ESPRIMA,
    "throw new Error('esprima is not bundled: front matter is read with safeLoad (src/vendor/bundle.mjs)');",
    'js-yaml-no-esprima',
    file,
  );
}

// ── fontkit 2.0.4, unicode-properties 1.4.1, linebreak 1.1.0 ──────────────────────────────────────

/**
 * fontkit, unicode-properties and linebreak (through pdfkit) inflate five Unicode data tries when
 * they are loaded (~35 ms on a cold start, on each thread), though a Chinese handout never looks
 * most of them up: each trie is built on its first `get` instead. Only `get` is ever called on them.
 */
export function patchLazyTries(source, file = 'module.mjs') {
  let count = 0;
  const code = source.replace(
    /^const (\$\w+\$var\$(?:trie|classTrie)) = new (\(0, [\w$]+\)|[\w$]+)\((.*)\);$/gm,
    (_, name, ctor, argsText) => {
      count++;
      return `let ${name}$built; const ${name} = { get: (cp) => (${name}$built ??= new ${ctor}(${argsText})).get(cp) };`;
    },
  );
  if (count === 0) throw new BundlePatchError('lazy-unicode-tries', `no trie found in ${file}`);
  return code;
}

/**
 * fontkit imports a 470 KB Brotli decoder for WOFF2 fonts, which lectern's TTF/OTF fonts never need:
 * it is loaded only when a WOFF2 font is actually opened.
 */
const LAZY_BROTLI = `import{createRequire}from'node:module';const r=createRequire(import.meta.url);export default function(buf,size){return r('brotli/decompress.js')(buf,size);}`;

// ── Marpit 3.2.3 ──────────────────────────────────────────────────────────────────────────────────

/**
 * Marpit splits the token stream into slides with `reduce((arr, …) => [...arr, ...slide])`, which
 * copies everything gathered so far once per slide: quadratic, 24 s of a 4 MB transcript's build.
 * Appending instead gives the same tokens in linear time.
 */
export function patchMarpitSlideSplit(source, file = 'slide.js') {
  const code = replaceOnce(
    source,
    'return [...arr, ...(0, _wrap_tokens.wrapTokens)(',
    'arr.push(...(0, _wrap_tokens.wrapTokens)(',
    'marpit-linear-slide-split',
    file,
  );
  return replaceOnce(
    code,
    '}, slideTokens.slice(firstHr ? 1 : 0))];',
    '}, slideTokens.slice(firstHr ? 1 : 0)));\n      return arr;',
    'marpit-linear-slide-split',
    file,
  );
}

const MARPIT_SCAFFOLD =
  'const scaffoldTheme = exports.scaffoldTheme = _theme.default.fromCSS(css, {\n  [_symbol.default]: true\n});';
/** The fields Marpit's `Theme` constructor defines, in its order (the scaffold theme has no others). */
const THEME_FIELDS = ['name', 'css', 'meta', 'importRules', 'width', 'height'];

/** Marpit's scaffold theme as the installed package builds it (through PostCSS), at compile time. */
export function installedScaffoldTheme() {
  return createRequire(import.meta.url)('@marp-team/marpit/lib/theme/scaffold.js').scaffoldTheme;
}

/**
 * Marpit builds its scaffold theme when `theme/scaffold.js` loads: `Theme.fromCSS` runs its CSS
 * through PostCSS (parse, four plugins, stringify) on every slide worker's start, ~6 ms of CPU before
 * the worker can take a document. The theme is the same every time: the bundle gets it made here, at
 * compile time, by the installed Marpit itself, and rebuilds the same frozen `Theme` from its fields.
 */
export function patchMarpitScaffold(source, file = 'theme/scaffold.js', theme = installedScaffoldTheme()) {
  const keys = Object.keys(theme);
  if (keys.join() !== THEME_FIELDS.join() || !Object.isFrozen(theme) || !Object.isFrozen(theme.meta))
    throw new BundlePatchError('marpit-scaffold-precomputed', `the scaffold theme's fields are ${keys.join(', ')}`);
  const json = (v) => (v === undefined ? 'undefined' : JSON.stringify(v));
  const made =
    `const scaffoldTheme = exports.scaffoldTheme = Object.freeze(Object.assign(new _theme.default(${json(theme.name)}, ${json(theme.css)}), ` +
    `{ meta: Object.freeze(${json(theme.meta)}), importRules: ${json(theme.importRules)}, width: ${json(theme.width)}, height: ${json(theme.height)} }));`;
  return replaceOnce(source, MARPIT_SCAFFOLD, made, 'marpit-scaffold-precomputed', file);
}

const MARPIT_NESTING_RULE = 'const {\n  Rule: applyPostCSSNesting\n} = (0, _postcssNesting.default)();';

/**
 * Marpit's CSS nesting plugin made postcss-nesting's plugin as its module was set up, which set up
 * postcss-nesting, postcss-selector-parser and @csstools' selector modules at every slide worker start;
 * a cold deck runs no PostCSS (lectern's theme's stylesheet is packed at compile time, its slides'
 * inline styles are read without it: src/vendor/marp.ts). postcss-nesting's `Rule` is now made by its
 * first use (the same plugin: postcss-nesting's creator keeps no state between calls).
 */
export function patchMarpitNesting(source, file = '@marp-team/marpit/lib/postcss/nesting.js') {
  return replaceOnce(
    source,
    MARPIT_NESTING_RULE,
    'let postcssNestingRule;\nconst applyPostCSSNesting = (...args) => (postcssNestingRule ??= (0, _postcssNesting.default)().Rule)(...args);',
    'marpit-nesting-on-demand',
    file,
  );
}

// ── entities 8.1.0 (markdown-it's) and 4.5.0 (Marpit's markdown-it's) ──────────────────────────────

/**
 * entities builds its HTML decoding trie (a Uint16Array of ~25,000 code units) when its module loads
 * — 8.x unpacks it from a base-91 string, 4.x splits a string into one-character strings and maps
 * them to their codes — on both threads of every cold build (markdown-it imports it). Only a named
 * character reference (`&amp;`) in the Markdown needs the trie, and lectern's templates write none
 * (transcript text is escaped, `&` → `\&`). The trie is made on its first use instead: the same
 * code, the same table.
 */
export function patchEntitiesLazyTrie(source, file) {
  const patch = 'lazy-entity-tables';
  if (/[\\/]dist[\\/]generated[\\/]decode-data-html\.js$/.test(file)) {
    // entities 8: an ES module's constant becomes a function that makes it once
    const code = replaceOnce(
      source,
      'export const htmlDecodeTree = /* #__PURE__ */ decodeTrieDict(',
      'let htmlDecodeTreeMade;\nexport const madeHtmlDecodeTree = () => (htmlDecodeTreeMade ??= decodeTrieDict(',
      patch,
      file,
    );
    return replaceOnce(code, ');\n//# sourceMappingURL=decode-data-html.js.map', '));\n', patch, file);
  }
  if (/[\\/]dist[\\/]decode\.js$/.test(file)) {
    let code = replaceOnce(
      source,
      'import { htmlDecodeTree } from "./generated/decode-data-html.js";',
      'import { madeHtmlDecodeTree } from "./generated/decode-data-html.js";',
      patch,
      file,
    );
    code = replaceOnce(
      code,
      'const decodeTree = htmlDecodeTree;',
      'const decodeTree = madeHtmlDecodeTree();',
      patch,
      file,
    );
    // its only other use: re-exported, which an import of it now fails to bundle (no such export)
    return replaceOnce(code, 'export { htmlDecodeTree } from "./generated/decode-data-html.js";\n', '', patch, file);
  }
  if (/[\\/]lib[\\/]generated[\\/]decode-data-html\.js$/.test(file)) {
    // entities 4: the CommonJS export becomes a getter that makes the table once
    const code = replaceOnce(
      source,
      'exports.default = new Uint16Array(',
      'var htmlDecodeTreeMade;\nObject.defineProperty(exports, "default", { enumerable: true, get: function () { return htmlDecodeTreeMade || (htmlDecodeTreeMade = new Uint16Array(',
      patch,
      file,
    );
    return replaceOnce(
      code,
      '.map(function (c) { return c.charCodeAt(0); }));',
      '.map(function (c) { return c.charCodeAt(0); }))); } });',
      patch,
      file,
    );
  }
  if (/[\\/]lib[\\/]decode\.js$/.test(file)) {
    const code = replaceOnce(
      source,
      'exports.htmlDecodeTree = decode_data_html_js_1.default;',
      'Object.defineProperty(exports, "htmlDecodeTree", { enumerable: true, get: function () { return decode_data_html_js_1.default; } });',
      patch,
      file,
    );
    return replaceOnce(
      code,
      'var htmlDecoder = getDecoder(decode_data_html_js_1.default);',
      'var htmlDecoderMade;\nvar htmlDecoder = function (str, decodeMode) { return (htmlDecoderMade || (htmlDecoderMade = getDecoder(decode_data_html_js_1.default)))(str, decodeMode); };',
      patch,
      file,
    );
  }
  if (/[\\/]lib[\\/]encode\.js$/.test(file))
    // entities 4's encoding table (a Map of ~1,300 characters to their references, made from an array
    // literal when its module loads; Marp's markdown-it never encodes with it): required on the first
    // encode. Its module is then compiled only then: ~85 KB less of the slide worker's code cache.
    return replaceOnce(
      source,
      'var encode_html_js_1 = __importDefault(require("./generated/encode-html.js"));',
      'var encodeHtmlMade;\nvar encode_html_js_1 = { get default() { return (encodeHtmlMade || (encodeHtmlMade = __importDefault(require("./generated/encode-html.js")))).default; } };',
      patch,
      file,
    );
  throw new BundlePatchError(patch, `not a file of entities' decoder or encoder: ${file}`);
}

// ── BudouX 0.9.2 ──────────────────────────────────────────────────────────────────────────────────

const BUDOUX_KEPT = [
  "export { Parser } from './parser.js';",
  "import { model as zhHansModel } from './data/models/zh-hans.js';",
];

/**
 * lectern uses BudouX's plain `Parser` with its Simplified Chinese model (src/deck/segment.ts). The
 * package's entry also exports the HTML parser, whose DOM (linkedom, which declares no sideEffects, so
 * esbuild keeps all of it) cost ~45 ms of the slide worker's start, and evaluates the Japanese, Thai
 * and Traditional Chinese models. The bundled entry keeps only the two exports lectern imports; a new
 * import from 'budoux' fails the build (esbuild: no matching export).
 */
export function patchBudouxEntry(source, file = 'budoux/module/index.js') {
  for (const line of BUDOUX_KEPT)
    if (!source.includes(line))
      throw new BundlePatchError('budoux-parser-only', `${JSON.stringify(line)} not found in ${file}`);
  return `${BUDOUX_KEPT.join('\n')}\nexport { zhHansModel };\n`;
}

/**
 * budoux-compact-model: src/vendor/budoux-model.mjs bundled as its result — the installed zh-hans
 * model compacted now (three tables, by key length: keys joined into one string, a row of scores per
 * key; the base score) — instead of BudouX's model object: a literal of 13 objects and 5,626 keys
 * that the slide worker made at every start, a quarter of its bundle's own top level, and whose
 * entries its Parser then copied into 13 maps (src/vendor/budoux.ts `parserFromCompactModel` reads
 * the tables: 2,343 keys). Nothing in the bundle imports the model's object then, and esbuild leaves
 * it out.
 */
export function compactModelModule() {
  return `export function zhHansCompactModel() {\n  return ${JSON.stringify(zhHansCompactModel())};\n}\n`;
}

// ── yargs 17.7.3 ───────────────────────────────────────────────────────────────────────────────────

const YARGS_MAIN_FILENAME = "const mainFilename = __dirname.substring(0, __dirname.lastIndexOf('node_modules'));";

/**
 * yargs looks for "its application's" package.json (for a guessed --version and a `yargs` key) from
 * the folder above its own node_modules; bundled, its file is dist/cli.cjs, with no node_modules in
 * the path, so it started from the current folder and listed every folder up to the file system's
 * root where none had a package.json (a lectern project needs none), then formatted the stack of
 * the AssertionError it throws and catches — line ends of the whole 3 MB bundle. It now starts from
 * the bundle's own folder and finds lectern's package.json one folder up.
 */
export function patchYargsMainFilename(source, file = 'yargs/lib/platform-shims/esm.mjs') {
  return replaceOnce(source, YARGS_MAIN_FILENAME, 'const mainFilename = __dirname;', 'yargs-own-package', file);
}

const YARGS_HELP_CACHE = `            if (!isDefaultCommand) {
                yargs.getInternalMethods().getUsageInstance().cacheHelpMessage();
            }
`;

/**
 * After running a command's handler, yargs formats the command's whole help text and keeps it, in
 * case the handler shows help later (an asynchronous handler calling `showHelp`): every option's
 * line, widths measured, columns laid out — ~8 million instructions of a cold build's main thread
 * before its first phase, for a text a build never prints. lectern's handlers only choose the command
 * to run (src/cli.ts) and nothing asks yargs for help afterwards; `--help` and usage errors format the
 * help as before (they never run a handler).
 */
export function patchYargsHelpCache(source, file = 'yargs/build/lib/command.js') {
  return replaceOnce(source, YARGS_HELP_CACHE, '', 'yargs-no-help-cache', file);
}

// linkify-it 5's compile(): the seven fuzzy expressions, the three schema ones, and pretest (its build
// has semicolons, its ES module none)
const LINKIFY_FUZZY = /^ {2}re\.(\w+) = (RegExp\(untpl\(re\.tpl_\w+\), '\w+'\));?$/gm;
const LINKIFY_SCHEMA = /^ {2}self\.re\.(schema_test|schema_search|schema_at_start) = (RegExp\(.*\));?$/gm;
const LINKIFY_PRETEST = /^ {2}self\.re\.pretest = (RegExp\(\n[^\n]*\n[^\n]*\n {2}\));?$/m;
const LINKIFY_LAZY = `
// lectern (bundle patch linkify-lazy-regexps): an expression of compile() made when first read, then kept
function lazyRegExp (re, name, make) {
  const keep = (value) => Object.defineProperty(re, name, { value, writable: true, enumerable: true, configurable: true })
  Object.defineProperty(re, name, {
    get () { const value = make(); keep(value); return value },
    set: keep,
    enumerable: true,
    configurable: true
  })
}
`;

/**
 * linkify-it 5's `compile` (run by every LinkifyIt constructor — markdown-it makes one per instance,
 * so Marp's engine on the slide worker at each start) made its eleven expressions at once: the fuzzy
 * link and e-mail ones are ~14–19 thousand characters each, and V8 parses a pattern when the RegExp is
 * made (~1.3 ms of a cold worker for the seven made with `RegExp(…)` there). Each is now made when
 * first read and kept (a getter on `re` that replaces itself with the value): markdown-it's linkify
 * rule reads `pretest` (so `schema_test` and `host_fuzzy_test`) for every inline text, and the others
 * only for a text `pretest` matched. The same patterns and flags, so the same links.
 */
export function patchLinkifyLazy(source, file = 'linkify-it/build/index.cjs.js') {
  let count = 0;
  const lazy = (name, make) => {
    count++;
    return `  lazyRegExp(self.re, '${name}', () => ${make})`;
  };
  const out = source
    .replace(LINKIFY_FUZZY, (_, name, make) => lazy(name, make))
    .replace(LINKIFY_SCHEMA, (_, name, make) => lazy(name, make))
    .replace(LINKIFY_PRETEST, (_, make) => lazy('pretest', make));
  if (count !== 11)
    throw new BundlePatchError('linkify-lazy-regexps', `${count} of compile()'s 11 expressions found in ${file}`);
  return out + LINKIFY_LAZY;
}

// marp-core 5.0.2's emoji plugin: its Unicode emoji expression, made at module set-up
const MARP_EMOJI_REGEXP = /const (\w+)=(RegExp\(`\(\$\{\(0,\w+\.default\)\(\)\.source\}\)\(\?!\\uFE0E\)`,`g`\)),/;

/**
 * marp-core's emoji plugin made its Unicode emoji expression when its module was set up: emoji-regex's
 * ~14,000-character literal, and a RegExp of it — two patterns V8 parses as each is made, at every
 * slide worker start. Only the plugin's Unicode emoji rules use it, which lectern turns off
 * (`emoji.unicode: false`, src/slides/render.ts MARP_OPTIONS): it is now made by its first use.
 */
export function patchMarpEmojiRegExp(source, file = 'marp-core/lib/marp.cjs') {
  const m = MARP_EMOJI_REGEXP.exec(source);
  if (!m) throw new BundlePatchError('marp-emoji-lazy-regexp', `marp-core's emoji expression not found in ${file}`);
  const [whole, name, make] = m;
  let out = source.replace(whole, `let ${name};const lecternEmojiRegExp=()=>${name}??=${make},`);
  for (const use of [`.split(${name})`, `.replace(${name},`]) {
    const by = use.replace(name, 'lecternEmojiRegExp()');
    if (out.split(use).length !== 2)
      throw new BundlePatchError('marp-emoji-lazy-regexp', `${use} not found once in ${file}`);
    out = out.replace(use, by);
  }
  return out;
}

// ── The plugins ───────────────────────────────────────────────────────────────────────────────────

/** Each patch: the files it rewrites (every one must be met in a bundle) and how. */
export const PATCHES = [
  {
    name: 'pdfkit-paths+md5+no-aes',
    files: [/pdfkit[\\/]js[\\/]pdfkit\.node\.mjs$/],
    rewrite: (source, file) => patchPdfkitAes(patchPdfkit(source, file), file),
  },
  {
    name: 'js-yaml-no-esprima',
    files: [/js-yaml[\\/]lib[\\/]js-yaml[\\/]type[\\/]js[\\/]function\.js$/],
    rewrite: patchJsYamlEsprima,
  },
  {
    name: 'lazy-unicode-tries',
    files: [
      /fontkit[\\/]dist[\\/]module\.mjs$/,
      /unicode-properties[\\/]dist[\\/]module\.mjs$/,
      /linebreak[\\/]dist[\\/]module\.mjs$/,
    ],
    rewrite: patchLazyTries,
  },
  {
    name: 'marpit-linear-slide-split',
    files: [/@marp-team[\\/]marpit[\\/]lib[\\/]markdown[\\/]slide\.js$/],
    rewrite: patchMarpitSlideSplit,
  },
  {
    name: 'marpit-scaffold-precomputed',
    files: [/@marp-team[\\/]marpit[\\/]lib[\\/]theme[\\/]scaffold\.js$/],
    rewrite: (source, file) => patchMarpitScaffold(source, file),
  },
  {
    name: 'lazy-entity-tables',
    files: [
      /[\\/]entities[\\/]dist[\\/]generated[\\/]decode-data-html\.js$/,
      /[\\/]entities[\\/]dist[\\/]decode\.js$/,
      /[\\/]entities[\\/]lib[\\/]generated[\\/]decode-data-html\.js$/,
      /[\\/]entities[\\/]lib[\\/]decode\.js$/,
      /[\\/]entities[\\/]lib[\\/]encode\.js$/,
    ],
    rewrite: patchEntitiesLazyTrie,
  },
  { name: 'budoux-parser-only', files: [/budoux[\\/]module[\\/]index\.js$/], rewrite: patchBudouxEntry },
  { name: 'budoux-compact-model', files: [/src[\\/]vendor[\\/]budoux-model\.mjs$/], rewrite: compactModelModule },
  {
    name: 'marp-emoji-lazy-regexp',
    files: [/@marp-team[\\/]marp-core[\\/]lib[\\/]marp-[\w-]+\.m?c?js$/],
    rewrite: patchMarpEmojiRegExp,
  },
  {
    name: 'yargs-own-package',
    files: [/yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/],
    rewrite: patchYargsMainFilename,
  },
  {
    name: 'linkify-lazy-regexps',
    files: [/@marp-team[\\/]marpit[\\/]node_modules[\\/]linkify-it[\\/]build[\\/]index\.cjs\.js$/],
    rewrite: patchLinkifyLazy,
  },
  {
    name: 'marpit-nesting-on-demand',
    files: [/@marp-team[\\/]marpit[\\/]lib[\\/]postcss[\\/]nesting\.js$/],
    rewrite: patchMarpitNesting,
  },
  {
    name: 'yargs-no-help-cache',
    files: [/yargs[\\/]build[\\/]lib[\\/]command\.js$/],
    rewrite: patchYargsHelpCache,
  },
];

/**
 * fontkit-on-demand, for both threads' bundles (scripts/compile.mjs: dist/slides-worker.cjs and
 * dist/cli.cjs): `import … from 'fontkit'` gets a stand-in whose `create` requires fontkit's module when
 * first called. esbuild then bundles fontkit (with the patches above) as a module set up on first
 * require instead of at the bundle's start. Why: lectern measures, shapes and subsets its TrueType
 * fonts from their tables (src/fonts/index.ts loadFont, FontTables) and pdfkit embeds them through
 * lectern's stand-in for fontkit's font (src/vendor/pdfkit-font.ts), so a build with the default fonts
 * never calls fontkit; but setting up fontkit's module — restructure's definitions of every table
 * fontkit knows, its Unicode data — was ~10 ms of the worker's start-up and a share of the main
 * thread's, and its compiled functions a share of each code cache. lectern and pdfkit call nothing of
 * fontkit's but `create`: anything else is undefined in these bundles (esbuild warns
 * `import-is-undefined` while bundling, and the call throws there).
 */
const FONTKIT_ON_DEMAND = `let fontkit; export function create(...args) { return (fontkit ??= require('fontkit')).create(...args); }`;

/**
 * linebreak-on-demand, for the command line's bundle (scripts/compile.mjs): pdfkit's
 * `import LineBreaker from 'linebreak'` gets a stand-in constructor that requires linebreak's module
 * when pdfkit first makes a line breaker. Only pdfkit's own text layout (`text()`, its LineWrapper)
 * does, which lectern never calls (it draws glyph ids at the typesetter's positions), but setting
 * linebreak's module up — its pair table and class tables — ran at every cold build's hand-over.
 */
const LINEBREAK_ON_DEMAND = `let LineBreaker; export default function OnDemandLineBreaker(...args) { return new (LineBreaker ??= require('linebreak').default)(...args); }`;

/** An esbuild resolve filter matching exactly the module names `names` (package names, subpaths) */
export function exactNames(names) {
  return new RegExp(`^(?:${names.map((p) => p.replace(/[/.]/g, '\\$&')).join('|')})$`);
}

/**
 * An esbuild plugin: imports of `pkg` get the module `standIn`, whose own `require(pkg)` is the package
 * itself — bundled with it, or, with `chunk`, left as a require of that file beside the bundle
 * (scripts/compile.mjs builds it: a package bundled on its own).
 */
function onDemand(name, pkg, standIn, chunk) {
  const real = Symbol(`${pkg} itself`);
  const filter = exactNames([pkg]);
  return {
    name,
    setup(b) {
      b.onResolve({ filter }, async (args) => {
        if (args.pluginData === real) return undefined; // esbuild's own resolution, below
        if (args.namespace !== name) return { path: pkg, namespace: name };
        if (chunk) return { path: chunk, external: true };
        // the stand-in's own require: the package's ES module (the one imported everywhere else), not its CommonJS build
        const found = await b.resolve(pkg, { kind: 'import-statement', resolveDir: args.resolveDir, pluginData: real });
        if (found.errors.length) throw new BundlePatchError(name, `${pkg} not found`);
        return { path: found.path };
      });
      b.onLoad({ filter: /.*/, namespace: name }, () => ({
        contents: standIn,
        loader: 'js',
        resolveDir: process.cwd(),
      }));
    },
  };
}

/** `chunk`: fontkit's own bundle, required from the bundle's folder (scripts/compile.mjs), instead of fontkit bundled in. */
export function fontkitOnDemand(chunk) {
  return onDemand('fontkit-on-demand', 'fontkit', FONTKIT_ON_DEMAND, chunk);
}

export function linebreakOnDemand() {
  return onDemand('linebreak-on-demand', 'linebreak', LINEBREAK_ON_DEMAND);
}

/**
 * The packages Marp sets up at the slide worker's start but a cold deck never runs: PostCSS and its
 * selector parser and plugins (lectern's theme's stylesheet is packed at compile time, its slides' inline
 * styles read without PostCSS, src/vendor/marp.ts), js-yaml (lectern's directives read without it).
 */
export const MARP_ON_DEMAND_PACKAGES = [
  'postcss',
  'postcss-selector-parser',
  'postcss-nesting',
  '@csstools/postcss-is-pseudo-class',
  'js-yaml',
];

const MARP_MODULE = /[\\/]@marp-team[\\/](?:marpit|marp-core)[\\/](?!node_modules[\\/])/;

/**
 * The stand-in of a CommonJS package for Marp's modules: the same shape (a function that calls the
 * package's, or an object; a getter for each of its own enumerable keys, read from the package when
 * the bundle is made), and the package is required, set up, at the first call or key read.
 */
function onDemandModule(path, pkg, chunk) {
  const real = createRequire(import.meta.url)(path);
  if (real === null || (typeof real !== 'object' && typeof real !== 'function'))
    throw new BundlePatchError('marp-dependencies-on-demand', `${pkg} exports no object or function`);
  const keys = Object.keys(real);
  if (keys.includes('__esModule'))
    throw new BundlePatchError('marp-dependencies-on-demand', `${pkg} is an ES module transpiled to CommonJS`);
  const required = chunk
    ? `require(${JSON.stringify(chunk)})[${JSON.stringify(pkg)}]`
    : `require(${JSON.stringify(path)})`;
  return [
    `let real; const load = () => (real ??= ${required});`,
    typeof real === 'function'
      ? 'const standIn = function (...args) { return new.target ? Reflect.construct(load(), args) : load().apply(this, args); };'
      : 'const standIn = {};',
    `for (const key of ${JSON.stringify(keys)}) Object.defineProperty(standIn, key, { get: () => load()[key], enumerable: true });`,
    'module.exports = standIn;',
  ].join('\n');
}

/**
 * marp-dependencies-on-demand, for the slide worker's bundle (scripts/compile.mjs): in Marp's modules
 * (Marpit, marp-core) each package of MARP_ON_DEMAND_PACKAGES is a stand-in (onDemandModule) that
 * sets the package up when first used instead of at the bundle's start. With `chunk` (a file beside the
 * bundle) the packages are not bundled in: each stand-in requires the chunk and takes its package's
 * module from it; `modules` gets each package's module (the package's name, the chunk's key -> the
 * module's path), for marpDependenciesChunkSource after the bundle's build.
 */
export function marpDependenciesOnDemand(chunk, modules = new Map()) {
  const name = 'marp-dependencies-on-demand';
  const real = Symbol('the package itself');
  const filter = exactNames(MARP_ON_DEMAND_PACKAGES);
  return {
    name,
    setup(b) {
      b.onResolve({ filter }, async (args) => {
        if (args.pluginData === real || !MARP_MODULE.test(args.importer)) return undefined;
        const found = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: real });
        if (found.errors.length) throw new BundlePatchError(name, `${args.path} not found from ${args.importer}`);
        // one module per package: the chunk's key is the package's name
        if ((modules.get(args.path) ?? found.path) !== found.path)
          throw new BundlePatchError(name, `${args.path} resolves to two modules`);
        modules.set(args.path, found.path);
        // named relative to the project (the bundle holds no absolute path); the package's own path in pluginData
        return {
          path: relative(process.cwd(), found.path),
          namespace: name,
          pluginData: { pkg: args.path, path: found.path },
        };
      });
      if (chunk)
        b.onResolve({ filter: /.*/, namespace: name }, (args) =>
          args.path === chunk ? { path: chunk, external: true } : undefined,
        );
      b.onLoad({ filter: /.*/, namespace: name }, (args) => ({
        contents: onDemandModule(args.pluginData.path, args.pluginData.pkg, chunk),
        loader: 'js',
        resolveDir: process.cwd(),
      }));
    },
  };
}

/**
 * The entry (CommonJS) of marpDependenciesOnDemand's chunk: a getter per stand-in'd module that sets it
 * up when first read; one bundle of them all, so that each module is one instance (PostCSS's classes
 * one identity for Marp and the plug-ins).
 */
export function marpDependenciesChunkSource(modules) {
  if (!modules.size) throw new BundlePatchError('marp-dependencies-on-demand', 'no Marp module imported the packages');
  return [...modules]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(
      ([key, path]) =>
        `Object.defineProperty(exports, ${JSON.stringify(key)}, { get: () => require(${JSON.stringify(path)}), enumerable: true });`,
    )
    .join('\n');
}

/** The esbuild plugins, and a check that each patch met every file it is written for. */
export function bundlePatches() {
  const met = new Map(PATCHES.map((p) => [p.name, new Set()]));
  let brotli = false;
  const rewriting = PATCHES.map((p) => ({
    name: p.name,
    setup(b) {
      p.files.forEach((filter, i) => {
        b.onLoad({ filter }, (args) => {
          met.get(p.name).add(i);
          return { contents: p.rewrite(readFileSync(args.path, 'utf8'), args.path), loader: 'js' };
        });
      });
    },
  }));
  const lazyBrotli = {
    name: 'lazy-brotli',
    setup(b) {
      b.onResolve({ filter: /^brotli\/decompress\.js$/ }, () => {
        brotli = true;
        return { path: 'lazy-brotli', namespace: 'lazy-brotli' };
      });
      b.onLoad({ filter: /.*/, namespace: 'lazy-brotli' }, () => ({ contents: LAZY_BROTLI, loader: 'js' }));
    },
  };
  return {
    plugins: [...rewriting, lazyBrotli],
    /** Throws unless every patch met every file it is written for (call after the build). */
    assertAllApplied() {
      for (const p of PATCHES) {
        const seen = met.get(p.name);
        const missing = p.files.filter((_, i) => !seen.has(i));
        if (missing.length) throw new BundlePatchError(p.name, `no bundled file matched ${missing.join(', ')}`);
      }
      if (!brotli) throw new BundlePatchError('lazy-brotli', 'fontkit no longer imports brotli/decompress.js');
    },
  };
}
