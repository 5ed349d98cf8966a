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
import { compressibleCodes } from '../deck/measure';
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
 * Slide text: Markdown-escaped, `<wbr>` between its pieces (a string[] from the deck planner: where a
 * line may break under `word-break: keep-all`), and runs of adjacent full-width punctuation (”“, ”，)
 * in `<span class="halt">`, which the theme sets with the font's `halt` feature. Every character is
 * escaped on its own as `escapeMarkdown` would (a newline to a space, ASCII punctuation
 * backslash-escaped), and the text between those, the spans and the `<wbr>`s is copied as slices:
 * read by code, the pairs by a table of classes (compressibleCodes) — as one-character strings, with
 * four set look-ups, an escape call and a concatenation each, every character of a deck's slides cost
 * ~1,500 instructions at V8's baseline tier.
 */
export function slideText(pieces: string | string[]): string {
  const list = typeof pieces === 'string' ? [pieces] : pieces;
  // each character (code point) in the pieces' order: whether it is of a compressible pair with its
  // neighbour (the pieces' ends do not part them)
  let count = 0;
  for (const p of list) count += p.length;
  const codes = new Int32Array(count);
  let n = 0;
  for (const p of list) {
    for (let i = 0; i < p.length; ) {
      const cp = p.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      codes[n++] = cp;
    }
  }
  const inPair = new Uint8Array(n);
  for (let k = 0; k + 1 < n; k++) {
    if (compressibleCodes(codes[k]!, codes[k + 1]!)) {
      inPair[k] = 1;
      inPair[k + 1] = 1;
    }
  }
  let out = '';
  let open = false;
  let k = 0;
  for (let p = 0; p < list.length; p++) {
    const text = list[p]!;
    // every piece after the first (empty ones too) starts with a <wbr>
    if (p > 0) out += '<wbr>';
    let from = 0;
    for (let i = 0; i < text.length; k++) {
      const cp = codes[k]!;
      const at = i;
      i += cp > 0xffff ? 2 : 1;
      if ((inPair[k] === 1) !== open) {
        out += text.slice(from, at) + (open ? '</span>' : '<span class="halt">');
        from = at;
        open = !open;
      }
      if (cp === 0x0a) {
        out += `${text.slice(from, at)} `;
        from = i;
      } else if (cp < 0x7f && isAsciiPunctuation(cp)) {
        out += `${text.slice(from, at)}\\`;
        from = at;
      }
    }
    out += text.slice(from);
  }
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
