// The one Handlebars environment. Templates produce Markdown (slides.md, handout.md); every string
// that comes from a transcript goes through `md` (inline Markdown escape) or `note` (presenter-note
// escape), so nothing in a transcript ever becomes Markdown, HTML or a Marp directive.
// Templates use triple-stash with these helpers: {{{md title}}}; plain {{x}} would HTML-escape,
// which is wrong inside HTML comments (notes keep entities literally).
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type Handlebars from 'handlebars';
import HandlebarsRuntime from 'handlebars/runtime';
import { isAsciiPunctuation } from '../cjk';
import { compressiblePair } from '../deck/measure';
import { LecternError } from '../errors';
import { resolveAsset } from '../paths';
import { precompiledTemplates } from './precompiled';
import { rebuildsExpected, registerCache } from '../cache';

/** Backslash-escapes every ASCII punctuation character (CommonMark allows it on all of them; isAsciiPunctuation's set). */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

/**
 * Makes text safe inside an HTML comment (a presenter note): a comment ends at `-->` and must not
 * contain `--`; a word joiner (U+2060, invisible) between hyphens keeps the text as it reads.
 */
export function escapeNote(text: string): string {
  const escaped = text
    .replace(/-(?=-)/g, '-\u2060')
    .replace(/-(?=>)/g, '-\u2060')
    .replace(/<!/g, '<\u2060!');
  // Marp reads a comment that parses as `key: value` YAML (paginate: false, class: …) as a directive,
  // and drops lint magic comments (prettier-ignore…): a leading word joiner keeps such text a note.
  return /^\s*(['"]?[\w$-]+['"]?\s*:|prettier-ignore|markdownlint-|lint )/.test(escaped) ? `\u2060${escaped}` : escaped;
}

/**
 * A Marp directive value (e.g. `<!-- footer: … -->`) built from transcript text: Markdown-escaped
 * (Marp renders header/footer as Markdown) inside a YAML single-quoted string, which has no backslash
 * escapes, so the Markdown escapes survive; `'` is doubled as YAML wants. Safe inside a comment too:
 * escapeMarkdown leaves no `--` or `>` unescaped.
 */
export function escapeDirective(text: string): string {
  return `'${escapeMarkdown(text).replace(/'/g, "''")}'`;
}

/**
 * `escapeMarkdown` of one character (a code point, or a lone surrogate): a newline is a space, ASCII
 * punctuation is backslash-escaped — the same string, without its two regular expressions per call.
 */
function escapeMarkdownChar(c: string): string {
  if (c === '\n') return ' ';
  return c.length === 1 && isAsciiPunctuation(c.charCodeAt(0)) ? `\\${c}` : c;
}

/**
 * Slide text: Markdown-escaped, `<wbr>` between its pieces (a string[] from the deck planner: where a
 * line may break under `word-break: keep-all`), and runs of adjacent full-width punctuation (”“, ”，)
 * in `<span class="halt">`, which the theme sets with the font's `halt` feature. Character by
 * character (every character of a deck's slides: each escaped on its own, a newline to a space), in
 * flat arrays: `escapeMarkdown` per character — two regular-expression replacements each — and the
 * arrays, sets and callbacks per character were most of a cold deck's slides.md template.
 */
export function slideText(pieces: string | string[]): string {
  const list = typeof pieces === 'string' ? [pieces] : pieces;
  // the pieces' characters (code points) in one list, and where each piece starts in it
  const chars: string[] = [];
  const starts: number[] = [];
  for (const p of list) {
    starts.push(chars.length);
    for (const c of p) chars.push(c);
  }
  // each character of a compressible pair with the next one (the pieces' ends do not part them)
  const inPair = new Uint8Array(chars.length);
  for (let k = 0; k + 1 < chars.length; k++) {
    if (compressiblePair(chars[k]!, chars[k + 1]!)) {
      inPair[k] = 1;
      inPair[k + 1] = 1;
    }
  }
  let out = '';
  let open = false;
  // the next piece whose start takes a <wbr> (every piece after the first, empty ones included)
  let piece = 1;
  for (let i = 0; i < chars.length; i++) {
    for (; piece < list.length && starts[piece] === i; piece++) out += '<wbr>';
    if ((inPair[i] === 1) !== open) {
      out += open ? '</span>' : '<span class="halt">';
      open = !open;
    }
    out += escapeMarkdownChar(chars[i]!);
  }
  for (; piece < list.length; piece++) out += '<wbr>';
  return open ? `${out}</span>` : out;
}

/**
 * A paragraph with a bold run-in lead: `**lead**rest`. CommonMark closes `**` after punctuation only
 * when punctuation or a space follows, so `**关于KPI:**KPI考核` would print its asterisks; then the
 * first character of the rest is written as a character reference (`&#75;`), which is punctuation
 * to the delimiter rule and the same letter in the text.
 */
export function runIn(lead: string, rest: string): string {
  const l = escapeMarkdown(lead);
  let r = escapeMarkdown(rest);
  if (/[!-/:-@[-`{-~]$/.test(lead) && /^[\p{L}\p{N}]/u.test(rest)) {
    const cp = rest.codePointAt(0)!;
    r = `&#${cp};${escapeMarkdown(rest.slice(String.fromCodePoint(cp).length))}`;
  }
  return `**${l}**${r}`;
}

/**
 * How the `slide` helper cuts a string into line pieces: src/deck/segment.ts's linePieces (BudouX ∩
 * jieba), handed over by the deck stage when it loads (src/deck/index.ts). Imported here, it made
 * the handout's side — a cold build's main thread, which renders no slide — load the segmenter and
 * build BudouX's model.
 */
let cutLines: ((text: string) => string[]) | undefined;

/** The slide stage's line cutter for the `slide` helper (see cutLines). */
export function cutSlideLinesWith(cut: (text: string) => string[]): void {
  cutLines = cut;
}

/** The `slide` helper's output by its input, kept while the process will build again (watch). */
const slideTexts = registerCache('templates: slide text by its input', new Map<string, string>());
const SLIDE_TEXTS_MAX = 8192;
/** How often the `slide` helper answered from what it kept, and how often it made the text (tests) */
export const slideTextReuse = { hits: 0, misses: 0 };

/**
 * The `slide` helper: a string is cut into line pieces here, as the planner cut it when it measured
 * the text. Both steps are pure functions of the text (jieba's cuts are those of its whole
 * dictionary, src/deck/segment.ts), and cutting and marking every character was about half of a warm
 * render of slides.md: under watch the result is kept by its input, so a rebuild makes only the texts
 * an edit changed.
 */
function slideHelper(text: unknown): string {
  // only a process that builds again keeps (and so looks up) the texts: a cold build makes no key
  const keep = rebuildsExpected();
  const key = !keep ? '' : Array.isArray(text) ? `a${JSON.stringify(text.map(String))}` : `s${String(text ?? '')}`;
  const kept = keep ? slideTexts.get(key) : undefined;
  if (kept !== undefined) {
    slideTextReuse.hits++;
    return kept;
  }
  slideTextReuse.misses++;
  if (!Array.isArray(text) && !cutLines)
    throw new Error('the slide helper cuts lines with the deck stage (src/deck/index.ts), which is not loaded');
  const made = slideText(Array.isArray(text) ? text.map(String) : cutLines!(String(text ?? '')));
  if (keep) {
    if (slideTexts.size >= SLIDE_TEXTS_MAX) slideTexts.clear();
    slideTexts.set(key, made);
  }
  return made;
}

/** Registers lectern's helpers on a Handlebars environment (the runtime's, and the compiler's if one is needed). */
function withHelpers<E extends typeof Handlebars>(env: E): E {
  env.registerHelper('slide', slideHelper);
  env.registerHelper('md', (text: unknown) => escapeMarkdown(String(text ?? '')));
  env.registerHelper('runIn', (lead: unknown, rest: unknown) => runIn(String(lead ?? ''), String(rest ?? '')));
  env.registerHelper('note', (text: unknown) => escapeNote(String(text ?? '')));
  // {{{directive a b c}}}: the concatenation of its string arguments as a directive value
  env.registerHelper('directive', (...args: unknown[]) =>
    escapeDirective(
      args
        .slice(0, -1)
        .map((a) => String(a ?? ''))
        .join(''),
    ),
  );
  env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  env.registerHelper('add', (a: unknown, b: unknown) => Number(a) + Number(b));
  env.registerHelper('join', (list: unknown, sep: unknown) =>
    Array.isArray(list) ? list.map(String).join(typeof sep === 'string' ? sep : '、') : '',
  );
  return env;
}

// Handlebars' runtime only: lectern's own templates come precompiled (./precompiled.ts), and its
// compiler — the parser's tables, the code generator — is loaded only for a template that is not
// (a project's own, or an edited one): its module set-up was part of every cold start on both threads.
const env = withHelpers((HandlebarsRuntime as unknown as typeof Handlebars).create());
let compilingEnv: typeof Handlebars | undefined;
/** A full Handlebars environment (with its compiler) with the same helpers, made when first needed */
function compiling(): typeof Handlebars {
  compilingEnv ??= withHelpers(
    (
      (typeof require === 'function'
        ? require('handlebars')
        : createRequire(import.meta.url)('handlebars')) as typeof Handlebars
    ).create(),
  );
  return compilingEnv;
}

type TemplateSpecification = Parameters<typeof env.template>[0];

/** The template function: lectern's precompiled one when the source is unchanged, else compiled now. */
function compileTemplate(name: string, source: string): Handlebars.TemplateDelegate {
  const pre = precompiledTemplates()?.[name];
  if (pre && pre.source === source) return env.template(pre.spec as TemplateSpecification);
  return compiling().compile(source, COMPILE_OPTIONS);
}

/** The options of every compile, here and in scripts/compile.mjs. */
const COMPILE_OPTIONS = { noEscape: false, strict: false, preventIndent: true } as const;

interface Compiled {
  mtimeMs: number;
  size: number;
  render: Handlebars.TemplateDelegate;
}
const compiled = registerCache('templates: compiled templates by file', new Map<string, Compiled>());

/** Path of a template (project copy first, then lectern's), e.g. `templates/slides.md.hbs`. */
export function templatePath(name: string, projectRoot = process.cwd()): string {
  return resolveAsset(`templates/${name}`, projectRoot);
}

/** Renders `templates/<name>` with `data`; compiled templates are cached until the file changes. */
export function renderTemplate(name: string, data: object, projectRoot = process.cwd()): string {
  const { file, render } = templateFunction(name, projectRoot);
  try {
    return render(data);
  } catch (e) {
    const m = /line (\d+)/.exec((e as Error).message);
    throw new LecternError(file, `template error: ${(e as Error).message.split('\n')[0]}`, {
      line: m ? Number(m[1]) : undefined,
    });
  }
}

/** Compiles `templates/<name>` now (or finds it compiled), so that its first render does not wait for it. */
export function prepareTemplate(name: string, projectRoot = process.cwd()): void {
  templateFunction(name, projectRoot);
}

function templateFunction(name: string, projectRoot: string): { file: string; render: Handlebars.TemplateDelegate } {
  const file = templatePath(name, projectRoot);
  let st: import('node:fs').Stats;
  try {
    st = statSync(file);
  } catch {
    throw new LecternError(file, 'template not found', { hint: 'restore it from lectern or remove the override' });
  }
  let entry = compiled.get(file);
  if (!entry || entry.mtimeMs !== st.mtimeMs || entry.size !== st.size) {
    const source = readFileSync(file, 'utf8');
    entry = {
      mtimeMs: st.mtimeMs,
      size: st.size,
      render: compileTemplate(name, source),
    };
    compiled.set(file, entry);
  }
  return { file, render: entry.render };
}
