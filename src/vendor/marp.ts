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
 * dist/marp-themes.json); a cold build adds the same frozen Theme again from its fields. A theme whose
 * CSS changed has another key and is made as usual.
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

const yamlResults = registerCache(
  'marp: directive YAML of comments by text',
  new Map<string, Record<string, unknown> | false>(),
);
const inlineStyles = registerCache("marp: slides' inline styles by declarations", new Map<string, string>());
let renderMemosInstalled = false;
/** How often each memoised step answered from its memo, and how often it ran (for tests: the memos are in use). */
export const renderMemoHits = { yaml: 0, inlineStyle: 0, htmlInline: 0, plainComment: 0 };
export const renderMemoRuns = { yaml: 0, inlineStyle: 0, htmlInline: 0 };

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
        r = boundedSet(yamlResults, key, yaml(text, loose));
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
        const built = styleToString.call(this);
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
