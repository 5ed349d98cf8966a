// Patches to Marp: marp-core 5.0.2, Marpit 3.2.3, marp-cli 4.5.1 (pinned in package.json). See
// README.md for the inventory and the gains. Marpit's slide split is patched at bundle time
// (bundle.mjs); these are the run-time ones. Each checks what it relies on: a mismatch throws.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Marp, type MarpOptions } from '@marp-team/marp-core';
import { Theme, ThemeSet } from '@marp-team/marpit';
import marpitInlineStyle from '@marp-team/marpit/lib/helpers/inline_style.js';
import marpitYaml from '@marp-team/marpit/lib/markdown/directives/yaml.js';
import { LecternError } from '../errors';
import { registerCache } from '../cache';
import { expectShape } from './patch';

const CORE = 'marp-core 5.0.2 / Marpit 3.2.3';
const CLI = 'marp-cli 4.5.1';

/** Marpit internals the memoised stylesheet depends on */
interface MarpitStyleInternals {
  renderStyle?(theme?: string): string;
  lastGlobalDirectives?: unknown;
  themeSetPackOptions?(): unknown;
}

/**
 * marp-core with its stylesheet memoised: Marpit re-runs the theme through PostCSS on every render
 * (about half of a warm render of the sample, measured; ~12 % of a cold deck), though the result only
 * depends on the theme set (every theme's name and CSS, and which is the default), the global
 * directives and the pack options, which are all in the key. The key holds the themes' content, not
 * a counter, so that stylesheets packed by another process — `npm run compile` records the sample's
 * (`styleEntries`, dist/marp-styles.json) — can seed the memo (`seedStyles`) and a cold build packs
 * none: a theme edited since gives another key, and is packed as usual.
 */
export class MemoisedStyleMarp extends Marp {
  private readonly styles = new Map<string, string>();
  private readonly seeded = new Map<string, string>();
  /** Renders whose stylesheet came from a seeded entry, and ones packed by Marpit (for tests) */
  readonly styleCounts = { seeded: 0, packed: 0 };
  /**
   * The theme set's key (JSON text of its content) and, for that set, the stylesheets by the rest of
   * the key: a render looks its stylesheet up there first, by a few hundred characters, instead of
   * stringifying the whole theme set's text (~0.2 ms a deck, every deck of a batch or a rebuild) and
   * hashing and comparing the result.
   */
  private themeKey = { css: [] as string[], key: '', styles: new Map<string, string>() };

  constructor(options: MarpOptions) {
    super(options);
    const self = this as unknown as MarpitStyleInternals;
    expectShape(
      typeof self.themeSetPackOptions === 'function',
      CORE,
      'memoised-style',
      'Marpit no longer has themeSetPackOptions()',
    );
    expectShape(typeof this.themeSet.themes === 'function', CORE, 'memoised-style', 'ThemeSet has no themes()');
  }

  /** Stylesheets packed elsewhere (entries of `styleEntries`), used when their key comes up. */
  seedStyles(entries: Iterable<[string, string]>): void {
    for (const [key, css] of entries) this.seeded.set(key, css);
  }

  /** The stylesheets packed so far, by key. */
  styleEntries(): [string, string][] {
    return [...this.styles];
  }

  /**
   * The theme set's content: the default theme's name, then each theme's name and CSS, as JSON text —
   * not its SHA-256, so that the slide worker of a cold build never loads node:crypto (~2–3 ms).
   */
  private themeSetKey(): string {
    const css = [String(this.themeSet.default?.name)];
    for (const t of this.themeSet.themes()) css.push(t.name, t.css);
    const last = this.themeKey.css;
    if (css.length !== last.length || css.some((c, i) => c !== last[i]))
      this.themeKey = { css, key: JSON.stringify(css), styles: new Map() };
    return this.themeKey.key;
  }

  protected override renderStyle(theme?: string): string {
    const self = this as unknown as MarpitStyleInternals;
    // set by the render that asks for the stylesheet; without it the key would miss the directives
    expectShape(
      self.lastGlobalDirectives && typeof self.lastGlobalDirectives === 'object',
      CORE,
      'memoised-style',
      'Marpit no longer sets lastGlobalDirectives before renderStyle()',
    );
    const setKey = this.themeSetKey();
    const rest = JSON.stringify([theme, self.lastGlobalDirectives, self.themeSetPackOptions!()]);
    const quick = this.themeKey.styles;
    let css = quick.get(rest);
    if (css !== undefined) return css;
    // the whole key (recorded in dist/marp-styles.json): [setKey, theme, directives, pack options]
    const key = `[${JSON.stringify(setKey)},${rest.slice(1)}`;
    css = this.styles.get(key);
    if (css === undefined) {
      css = this.seeded.get(key);
      if (css !== undefined) this.styleCounts.seeded++;
      else {
        this.styleCounts.packed++;
        css = super.renderStyle(theme);
      }
      if (this.styles.size > 16) this.styles.clear();
      this.styles.set(key, css);
    }
    if (quick.size > 16) quick.clear();
    quick.set(rest, css);
    return css;
  }
}
expectShape(
  typeof (Marp.prototype as unknown as MarpitStyleInternals).renderStyle === 'function',
  CORE,
  'memoised-style',
  'Marpit.prototype.renderStyle is missing',
);

/** A Theme as Marpit's `Theme.fromCSS` made it: its own fields, from which the same Theme is made again */
export interface ThemeFields {
  name: string;
  css: string;
  meta: Record<string, unknown>;
  importRules: unknown[];
  width: unknown;
  height: unknown;
}
const THEME_FIELDS = ['name', 'css', 'meta', 'importRules', 'width', 'height'] as const;
/** Marpit's Theme class, whose constructor its types declare protected (Theme.fromCSS calls it) */
const ThemeConstructor = Theme as unknown as new (name: string, css: string) => Theme;

/** Themes made by `withRecordedThemes` so far, and seeded ones added again (tests) */
export const themeCounts = { recorded: 0, made: 0 };

/**
 * Runs `construct` (a marp-core constructor call) with every theme its theme set adds — then and
 * later — taken from `recorded` when the same CSS was made into a Theme with the same options
 * before: `ThemeSet.add` runs a theme's CSS through PostCSS (`Theme.fromCSS`), ~10 ms of a cold
 * slide worker for marp-core's default theme (the theme set's default, though decks use lectern's)
 * and a few for lectern's, and the Theme depends on nothing but the CSS and the set's `metaType` and
 * `cssNesting` — the key. `npm run compile`'s sample build records the themes it made (`made`,
 * dist/marp-themes.json); a cold build adds the same frozen Theme again from its fields, and keeps it in
 * `made` too (what a build records is every theme it has, however it got it). A theme whose CSS changed
 * has another key and is made as usual.
 */
export function withRecordedThemes<T extends { themeSet: ThemeSet }>(
  recorded: ReadonlyMap<string, ThemeFields>,
  made: Map<string, ThemeFields>,
  construct: () => T,
): T {
  const add = ThemeSet.prototype.add;
  expectShape(
    typeof add === 'function' && typeof ThemeSet.prototype.addTheme === 'function',
    CORE,
    'recorded-themes',
    'ThemeSet.prototype.add or addTheme is missing',
  );
  const addRecorded = function (this: ThemeSet, css: string): Theme {
    const set = this as unknown as { metaType: Record<string, { name: string }>; cssNesting: unknown };
    expectShape(set.metaType && typeof set.metaType === 'object', CORE, 'recorded-themes', 'ThemeSet has no metaType');
    const metaType = Object.entries(set.metaType).map(([k, type]) => [k, type.name]);
    // the text itself, not a hash of it (see themeSetKey)
    const key = JSON.stringify([css, metaType, set.cssNesting]);
    const fields = recorded.get(key);
    if (fields) {
      themeCounts.recorded++;
      // kept with the made ones, so that recording again over a built dist/ writes it again, not `[]`
      made.set(key, fields);
      const theme = Object.freeze(
        Object.assign(new ThemeConstructor(fields.name, fields.css), {
          meta: Object.freeze({ ...fields.meta }),
          importRules: [...fields.importRules],
          width: fields.width,
          height: fields.height,
        }),
      );
      this.addTheme(theme);
      return theme;
    }
    themeCounts.made++;
    const theme = add.call(this, css);
    const own = Object.keys(theme);
    expectShape(
      own.join() === THEME_FIELDS.join(),
      CORE,
      'recorded-themes',
      `a Theme's fields are ${own.join(', ')}, not ${THEME_FIELDS.join(', ')}`,
    );
    if (made.size >= 16) made.clear();
    made.set(key, Object.fromEntries(THEME_FIELDS.map((f) => [f, theme[f as keyof Theme]])) as unknown as ThemeFields);
    return theme;
  };
  ThemeSet.prototype.add = addRecorded;
  let marp: T;
  try {
    marp = construct();
  } finally {
    ThemeSet.prototype.add = add;
  }
  // and the themes added later (lectern's)
  marp.themeSet.add = addRecorded;
  return marp;
}

/**
 * Runs `construct` (a marp-core constructor call) with the built-in themes `skip` left out.
 * marp-core's constructor parses its three built-in themes with PostCSS (~40 ms on a cold start);
 * the deck uses lectern's theme, so the two that are never the default (gaia, which also loads web
 * fonts from the network, and uncover) are not added. Throws unless every skipped theme was offered.
 */
export function withoutBuiltInThemes<T>(skip: readonly string[], construct: () => T): T {
  const add = ThemeSet.prototype.add;
  expectShape(typeof add === 'function', CORE, 'skip-built-in-themes', 'ThemeSet.prototype.add is missing');
  const skipped = new Set<string>();
  const re = new RegExp(`@theme\\s+(${skip.join('|')})\\b`);
  ThemeSet.prototype.add = function (this: ThemeSet, css: string) {
    const m = re.exec(css);
    if (!m) return add.call(this, css);
    skipped.add(m[1]!);
    return undefined as unknown as Theme;
  };
  let made: T;
  try {
    made = construct();
  } finally {
    ThemeSet.prototype.add = add;
  }
  expectShape(
    skipped.size === skip.length,
    CORE,
    'skip-built-in-themes',
    `the constructor no longer adds the themes ${skip.filter((t) => !skipped.has(t)).join(', ')} through ThemeSet.add`,
  );
  return made;
}

export interface BespokeAssets {
  /** The bespoke template's stylesheet */
  css: string;
  /** The browser script (lib/bespoke.js) */
  js: string;
  /** marp-cli's version, for diagnostics */
  version: string;
  /**
   * What the stylesheet was read from: marp-cli's version and the names of its lib/ chunks, which its
   * bundler names by their content (marp-cli-<hash>.js) — the key of a stylesheet recorded before
   */
  source: string;
}

const CSS_KEY = "bespoke:{css:'";

/** Reads a single-quoted JS string literal starting at `start` (just after the opening quote). */
export function readStringLiteral(source: string, start: number): string {
  let out = '';
  for (let i = start; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === "'") return out;
    if (ch === '\\') {
      const next = source[++i]!;
      out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
    } else out += ch;
  }
  expectShape(false, CLI, 'bespoke-assets', 'the stylesheet string literal is not terminated');
}

/** The bespoke stylesheet in marp-cli's bundle chunks (`bespoke:{css:'…'`), else a VendorPatchError. */
export function bespokeStylesheet(chunks: { name: string; source: string }[]): string {
  for (const { source } of chunks) {
    const at = source.indexOf(CSS_KEY);
    if (at >= 0) return readStringLiteral(source, at + CSS_KEY.length);
  }
  expectShape(false, CLI, 'bespoke-assets', `no chunk of lib/ holds the bespoke template's stylesheet (${CSS_KEY}…)`);
}

/** How often the stylesheet was looked for in marp-cli's chunks (tests: a recorded one is not) */
export const bespokeScans = { count: 0 };

/**
 * marp-cli's "bespoke" presentation assets, read from node_modules (src/slides/bespoke.ts keeps them
 * for the process): lib/bespoke.js (the browser script) and the template's stylesheet, a string
 * literal in its bundle. Running marp-cli itself costs 60 ms to import plus ~145–350 ms a conversion
 * (measured), against a budget of < 0.3 s for a whole cold build. `recorded`: stylesheets read before,
 * by `source` (dist/marp-bespoke.json) — finding one in the 376 KB chunk and unescaping it was ~4 ms
 * of a cold slide worker's start, before the document.
 */
export function readBespokeAssets(recorded: ReadonlyMap<string, string> = new Map()): BespokeAssets {
  const require = createRequire(import.meta.url);
  let lib: string;
  let version: string;
  try {
    const pkgFile = require.resolve('@marp-team/marp-cli/package.json');
    version = (JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string }).version;
    lib = join(dirname(pkgFile), 'lib');
  } catch {
    throw new LecternError('@marp-team/marp-cli', 'marp-cli is not installed', { hint: 'run npm ci' });
  }
  const js = readFileSync(join(lib, 'bespoke.js'), 'utf8');
  const files = readdirSync(lib).filter((f) => f.endsWith('.js'));
  const source = JSON.stringify([version, [...files].sort()]);
  let css = recorded.get(source);
  if (css === undefined) {
    bespokeScans.count++;
    // the template's stylesheet lives in the bundle chunk named marp-cli-<hash>.js: read that one first
    const names = files.sort((a, b) => Number(b.startsWith('marp-cli-')) - Number(a.startsWith('marp-cli-')));
    const chunks = names.map((name) => ({
      name,
      get source() {
        return readFileSync(join(lib, name), 'utf8');
      },
    }));
    css = bespokeStylesheet(chunks);
  }
  return { css, js, version, source };
}

// ── Memoised pure steps of a render ─────────────────────────────────────────────────────────────

/** Marpit's directive parser for comments (lib/markdown/directives/yaml.js, read by comment.js). */
type MarpitYamlModule = typeof marpitYaml;
/** Marpit's InlineStyle (lib/helpers/inline_style.js): a slide's inline style, built through PostCSS. */
type InlineStyleClass = { prototype: { toString(): string } } | undefined;

const MEMO_MAX = 8192;
/** A map that forgets everything when full: a deck's strings fit many times over. */
function boundedSet<V>(map: Map<string, V>, key: string, value: V): V {
  if (map.size >= MEMO_MAX) map.clear();
  map.set(key, value);
  return value;
}

/**
 * True when Marpit's `yaml(text, loose)` (js-yaml, FAILSAFE schema) can only answer `false` — a
 * comment that is no directive — without parsing: the presenter notes, the whole transcript as
 * comments, were ~45 % of a cold Marp render. YAML makes a mapping or a sequence (the only results
 * that are not `false`) only from a `:` (an implicit or explicit key's value), or from an indicator
 * that starts the document (`-`, `?`, `[`, `{`, a tag `!`, an anchor `&`, an alias `*`…): a text
 * without `:` that starts with none of them, and holds no document marker (`---`, `...`) after which a
 * new document could start, is a plain scalar, or an error, which `yaml` turns into `false` too; the
 * loose conversion only rewrites lines holding `:`. Tested against js-yaml on every
 * comment of real decks and on generated texts of indicators, newlines and markers.
 */
export function plainComment(text: string): boolean {
  return (
    !text.includes(':') &&
    !/^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(text) &&
    // a document marker (--- or ...) at a line's start begins another document, which may be a mapping
    !text.includes('---') &&
    !text.includes('...')
  );
}

/** A directive line lectern's template writes: `key: value` (see simpleDirectives) */
const DIRECTIVE_LINE = /^([A-Za-z_][\w-]*): +(.*?) *$/;
/**
 * A value YAML reads as the same plain scalar and, quoted by Marpit's loose conversion (which trims
 * it as JavaScript does), the same double-quoted one: no indicator first, no white space at either end.
 */
const PLAIN_VALUE = /^[^\s\-?:,[\]{}#&*!|>'"%@`\\](?:[^:#"\\\t]*[^\s:#"\\])?$/;
/** A single-quoted YAML scalar on one line: any character but a lone `'` ('' is one quote) */
const SINGLE_QUOTED = /^'((?:[^']|'')*)'$/;
/**
 * Characters YAML refuses or treats apart (controls, NEL, the BOM, U+2028/9, non-characters, lone
 * surrogates), and the carriage return and tab: a text with any of them goes to js-yaml.
 */
const NOT_SIMPLE =
  /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * What Marpit's `yaml(text, loose)` (js-yaml, FAILSAFE schema: every scalar a string) gives for the
 * directives lectern's template writes — lines of `key: value`, the value plain (`_class: title
 * size-l`, `paginate: true`) or single-quoted (`footer: '賨州论坛'`) — without js-yaml, whose first
 * parse in a cold slide worker was ~3 % of the deck; undefined for anything else (js-yaml reads it).
 * A plain value here holds no `:`, `#`, `"`, `\` or tab and starts with no indicator, so it is the same
 * string read plain or, as the loose conversion quotes a directive's value, double-quoted; keys are
 * distinct (a repeated key is an error to js-yaml) and never `__proto__`. Tested against js-yaml on
 * every directive of real decks and on generated lines of indicators, quotes and spaces.
 */
export function simpleDirectives(text: string): Record<string, string> | undefined {
  if (NOT_SIMPLE.test(text)) return undefined;
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = DIRECTIVE_LINE.exec(line);
    if (!m || m[1] === '__proto__' || Object.hasOwn(out, m[1]!)) return undefined;
    const value = m[2]!;
    if (PLAIN_VALUE.test(value)) out[m[1]!] = value;
    else {
      const q = SINGLE_QUOTED.exec(value);
      if (!q) return undefined;
      out[m[1]!] = q[1]!.replaceAll("''", "'");
    }
  }
  return out;
}

/** A declaration of a slide's inline style PostCSS reads back as itself (see plainDeclarations) */
const PLAIN_PROPERTY = /^(?:--)?[A-Za-z][\w-]*$/;
const PLAIN_DECLARATION_VALUE = /^[^\s;{}()[\]"'\\/!*@:](?:[^;{}()[\]"'\\/!*@:\t\n\r\f]*[^\s;{}()[\]"'\\/!*@:])?$/;

/**
 * What Marpit's `InlineStyle#toString` builds through PostCSS — each declaration `prop:value` parsed,
 * anything but that one declaration dropped, the rest printed again — for declarations PostCSS reads
 * as exactly one declaration and prints as written (it keeps every byte it parses): a plain property
 * name, and a value without `;`, braces, brackets, quotes, `\`, `/`, `!`, `*`, `@`, `:` or white space
 * at either end (`--paginate:true`, `--footer:刘政 · 賨州论坛`). Undefined when a declaration is not
 * such: PostCSS builds the whole style. A slide's style was ~45 PostCSS parses in a cold deck.
 */
export function plainDeclarations(decls: readonly (readonly [string, unknown])[]): string | undefined {
  let built = '';
  for (const [prop, v] of decls) {
    const value = String(v);
    if (!PLAIN_PROPERTY.test(prop) || !PLAIN_DECLARATION_VALUE.test(value)) return undefined;
    built += `${prop}:${value};`;
  }
  return built;
}

const yamlResults = registerCache(
  'marp: directive YAML of comments by text',
  new Map<string, Record<string, unknown> | false>(),
);
const inlineStyles = registerCache("marp: slides' inline styles by declarations", new Map<string, string>());
let renderMemosInstalled = false;
/** How often each memoised step answered from its memo, and how often it ran (for tests: the memos are in use). */
export const renderMemoHits = { yaml: 0, inlineStyle: 0, htmlInline: 0, plainComment: 0 };
export const renderMemoRuns = { yaml: 0, inlineStyle: 0, htmlInline: 0 };
/** How often a directive's YAML and a slide's inline style were made without js-yaml and PostCSS (tests) */
export const fastPathHits = { directives: 0, declarations: 0 };

/**
 * Three pure steps of every Marp render are memoised by their input (they were ~60 % of a warm
 * render of the sample, measured): Marpit parses every HTML comment — the presenter notes included —
 * as (loose) YAML to find directives; it builds each slide's inline style through PostCSS; and
 * marp-core filters every inline HTML tag (each `<wbr>`) through an XSS sanitiser. Their results depend
 * only on the text given (the options are fixed per engine), so the memo gives the same bytes; the
 * YAML result is handed out as a copy, since directive parsing owns what it gets.
 */
export function memoisePureRenderSteps(
  marp: Marp,
  yamlModule: MarpitYamlModule = marpitYaml,
  inlineStyle: InlineStyleClass = marpitInlineStyle.default,
): void {
  expectShape(
    typeof yamlModule.yaml === 'function',
    CORE,
    'memoised-render-steps',
    'Marpit directives/yaml has no yaml()',
  );
  expectShape(
    typeof inlineStyle?.prototype?.toString === 'function' &&
      inlineStyle.prototype.toString !== Object.prototype.toString,
    CORE,
    'memoised-render-steps',
    'Marpit helpers/inline_style has no InlineStyle.prototype.toString',
  );
  const rules = (marp.markdown as { renderer?: { rules?: Record<string, unknown> } }).renderer?.rules;
  const htmlInline = rules?.html_inline;
  expectShape(typeof htmlInline === 'function', CORE, 'memoised-render-steps', 'markdown-it has no html_inline rule');
  if (!renderMemosInstalled) {
    renderMemosInstalled = true;
    const yaml = yamlModule.yaml!;
    yamlModule.yaml = (text, loose = false) => {
      if (plainComment(text)) {
        renderMemoHits.plainComment++;
        return false;
      }
      const key = `${JSON.stringify(loose)}\u0000${text}`;
      let r = yamlResults.get(key);
      if (r === undefined) {
        renderMemoRuns.yaml++;
        const simple = simpleDirectives(text);
        if (simple) fastPathHits.directives++;
        r = boundedSet(yamlResults, key, simple ?? yaml(text, loose));
      } else renderMemoHits.yaml++;
      return r === false ? false : structuredClone(r);
    };
    const styleToString = inlineStyle!.prototype.toString;
    inlineStyle!.prototype.toString = function (this: { decls: Record<string, unknown> }) {
      const entries = Object.entries(this.decls);
      // only plain values (Marpit sets strings and booleans): an object's own toString() is not in a JSON key
      const plain = entries.every(([, v]) => typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number');
      const key = plain ? JSON.stringify(entries) : '';
      const hit = plain ? inlineStyles.get(key) : undefined;
      if (hit === undefined) {
        renderMemoRuns.inlineStyle++;
        const simple = plain ? plainDeclarations(entries) : undefined;
        if (simple !== undefined) fastPathHits.declarations++;
        const built = simple ?? styleToString.call(this);
        return plain ? boundedSet(inlineStyles, key, built) : built;
      }
      renderMemoHits.inlineStyle++;
      return hit;
    };
  }
  // marp-core's rule: markdown-it's (the token's content) through its sanitiser, with the engine's options
  const filtered = new Map<string, string>();
  rules!.html_inline = (tokens: { content: string }[], idx: number, ...rest: unknown[]) => {
    const content = tokens[idx]!.content;
    const hit = filtered.get(content);
    if (hit === undefined) {
      renderMemoRuns.htmlInline++;
      return boundedSet(filtered, content, (htmlInline as (...a: unknown[]) => string)(tokens, idx, ...rest));
    }
    renderMemoHits.htmlInline++;
    return hit;
  };
}

// ── linkify's pretest, prefiltered ─────────────────────────────────────────────────────────────────

/** What Marpit's markdown-it linkify-it (5) holds that `linkifyPrefilter` relies on */
interface LinkifyInternals {
  pretest(text: string): boolean;
  __compiled__?: Record<string, unknown>;
  __tlds__?: unknown;
  re?: { src_ZPCc?: unknown; src_xn?: unknown; tpl_host_fuzzy_test?: unknown };
}

/**
 * Every text linkify-it's `pretest` can accept has one of these (see linkifyPrefilter). Case-insensitive
 * as `pretest` is; `\u0440` is the first letter of the TLD рф.
 */
const LINKIFY_PREFILTER = /[:@]|\/\/|localhost|www\.|\.[0-9a-z\u0440]/i;
/** How often the prefilter answered for linkify-it's pretest, and how often pretest ran (tests) */
export const linkifyPretests = { prefiltered: 0, run: 0 };

/**
 * markdown-it's linkify rule asks linkify-it's `pretest` of every inline text of the deck — one
 * expression of ~14,000 characters (its host and schema tests, `i`), compiled by V8 at its first use
 * and run over the whole text. It can only match at a schema (`http:`, `https:`, `ftp:`, `mailto:`,
 * `//`: each holds `:` or `//`), `localhost`, `www.`, a dot before a digit (`\.\d{1,3}\.`) or before
 * a TLD (ASCII letters, `xn--`, рф), or `@` — checked on the engine's linkify-it, which throws if it
 * was set up otherwise. A text with none of them (a deck's Chinese lines, `<span>` tags and `1\.`
 * included) is answered `false` without it.
 */
export function linkifyPrefilter(marp: Marp): void {
  const linkify = (marp.markdown as { linkify?: LinkifyInternals }).linkify;
  const re = linkify?.re;
  expectShape(
    linkify && typeof linkify.pretest === 'function' && linkify.__compiled__ && Array.isArray(linkify.__tlds__) && re,
    CORE,
    'linkify-prefilter',
    "markdown-it's linkify-it has no pretest, schemas, TLDs or expressions",
  );
  const schemas = Object.keys(linkify.__compiled__).filter((name) => name.length > 0 && linkify.__compiled__![name]);
  expectShape(
    schemas.length > 0 && schemas.every((name) => name.includes(':') || name.includes('//')),
    CORE,
    'linkify-prefilter',
    `a linkify schema without ":" or "//" (${schemas.join(' ')})`,
  );
  expectShape(
    (linkify.__tlds__ as unknown[]).every((tld) => typeof tld === 'string' && /^[0-9a-z\u0440]/i.test(tld)) &&
      typeof re.src_xn === 'string' &&
      re.src_xn.startsWith('xn--') &&
      re.tpl_host_fuzzy_test === `localhost|www\\.|\\.\\d{1,3}\\.|(?:\\.(?:%TLDS%)(?:${String(re.src_ZPCc)}|>|$))`,
    CORE,
    'linkify-prefilter',
    "linkify-it's host test or TLDs are not the ones the prefilter was written for",
  );
  const pretest = linkify.pretest.bind(linkify);
  linkify.pretest = (text: string): boolean => {
    if (!LINKIFY_PREFILTER.test(text)) {
      linkifyPretests.prefiltered++;
      return false;
    }
    linkifyPretests.run++;
    return pretest(text);
  };
}
