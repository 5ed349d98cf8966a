// Build settings, validated in ONE place: every key a user can set (lectern.json, a `.md` transcript's
// front matter, command-line flags) is described by the zod schemas below; the environment variables
// (SOURCE_DATE_EPOCH, the input size limits) by src/environment.ts, without zod, re-exported here —
// the slide worker reads the size limits too, and zod would be ~20 ms of its start-up.
// Precedence: defaults < lectern.json < front matter < command-line flags.
//
// To add a handout setting: add its schema to `handoutKeys` (with an `error` that says what is
// allowed), its default to `HANDOUT_DEFAULTS`, and a line to the README's Settings section. The type,
// the lectern.json and front-matter validation, the unknown-key suggestions and the fingerprint follow.
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, relative } from 'node:path';
import type { z } from 'zod';
import { readEnv, shown } from './environment';
import { LecternError } from './errors';
import type { Diagnostic } from './model';
import { defaultBodySize, PAPER_ALIASES, PAPER_SIZES, type PaperName } from './typeset/geometry';

export { inputLimit, readEnv } from './environment';

export type Paper = PaperName;
/** Paper names accepted by `paper` (from the page sizes the typesetter knows) */
export const PAPERS = Object.keys(PAPER_SIZES) as Paper[];

/** Body sizes by their Chinese type-size names (号数, GB/T sizes in pt), those within BODY_SIZE_RANGE */
export const BODY_SIZE_NAMES: Record<string, number> = {
  小二: 18,
  三号: 16,
  小三: 15,
  四号: 14,
  小四: 12,
  五号: 10.5,
  小五: 9,
};
/** Body size range in pt: below, text is unreadable; above, a page holds too few characters per line */
export const BODY_SIZE_RANGE = { min: 8, max: 18 } as const;

const paperList = (): string => PAPERS.join(', ');

/** Paper names compared without case, spaces, hyphens or underscores ("a4" → "A4", "jis b5" → "JIS-B5"). */
const paperKey = (name: string): string => name.replace(/[\s_-]/g, '').toLowerCase();
const PAPER_BY_KEY = new Map<string, Paper>([
  ...PAPERS.map((p): [string, Paper] => [paperKey(p), p]),
  ...Object.entries(PAPER_ALIASES).map(([alias, p]): [string, Paper] => [paperKey(alias), p]),
]);

const bodySizeHint = (): string =>
  `use a number of points from ${BODY_SIZE_RANGE.min} to ${BODY_SIZE_RANGE.max}` +
  ` or a size name (${Object.keys(BODY_SIZE_NAMES).join(' ')}; 小四 = 12, 五号 = 10.5) or "${AUTO_BODY_SIZE}" (by the paper)`;

/** "auto": the size that suits the paper (defaultBodySize) */
export const AUTO_BODY_SIZE = 'auto';

const MAX_TEXT = 200;
/** Punctuation style names: Chinese or ASCII */
const PUNCTUATION_NAMES: Record<string, string> = {
  全角: 'quanjiao',
  开明: 'kaiming',
  半角: 'banjiao',
};

/** Defaults; the body size's follows the paper (defaultBodySize: 12 pt on A4, 10.5 pt on A5…). */
export const HANDOUT_DEFAULTS: Omit<HandoutSettings, 'bodySize'> = {
  paper: 'A4',
  date: '',
  punctuation: 'quanjiao',
  partBreak: 'auto',
  organiser: '',
  occasion: '',
};

/** The handout settings from layers given lowest first (lectern.json, front matter, flags) over the defaults. */
export function resolveHandout(layers: Partial<HandoutSettings>[]): HandoutSettings {
  const merged: Omit<HandoutSettings, 'bodySize'> & { bodySize?: number } = { ...HANDOUT_DEFAULTS };
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) {
      // a bodySize of "auto" arrives as undefined and undoes a lower layer's size
      if (v !== undefined || k === 'bodySize') Object.assign(merged, { [k]: v });
    }
  }
  return { ...merged, bodySize: merged.bodySize ?? defaultBodySize(merged.paper) };
}

/**
 * The schemas, made on first use (settingsSchemas): making them is a few ms of a cold build's main
 * thread, and a build with no lectern.json, no handout flags and no front-matter settings has nothing
 * to validate. Each is made once per process: zod makes a new schema on every `partial()`, and a watch
 * rebuild parses every document's settings.
 */
function makeSchemas() {
  const { z } = loadZod();
  /** A paper name or alias (B5 = ISO-B5), matched without regard to case. */
  const paperSetting = z.preprocess(
    (v) => (typeof v === 'string' ? (PAPER_BY_KEY.get(paperKey(v)) ?? v) : v),
    z.enum(PAPERS as [Paper, ...Paper[]], { error: () => `use one of ${paperList()}` }),
  );

  const bodySizeSetting = z.preprocess(
    (v) =>
      typeof v !== 'string'
        ? v
        : v.trim() === AUTO_BODY_SIZE
          ? undefined
          : v.trim() in BODY_SIZE_NAMES
            ? BODY_SIZE_NAMES[v.trim()]
            : /^\s*\d+(\.\d+)?\s*(pt)?\s*$/.test(v)
              ? Number.parseFloat(v)
              : v,
    z
      .number({ error: bodySizeHint })
      .min(BODY_SIZE_RANGE.min, { error: bodySizeHint })
      .max(BODY_SIZE_RANGE.max, { error: bodySizeHint })
      .optional(), // "auto"
  );

  const shortText = z
    .string({ error: `use text of at most ${MAX_TEXT} characters` })
    .max(MAX_TEXT, { error: `use text of at most ${MAX_TEXT} characters` });

  /** The handout's settings: under "handout" in lectern.json, at the top level of front matter. */
  const handoutKeys = {
    paper: paperSetting,
    /** Body size in pt */
    bodySize: bodySizeSetting,
    /** Date shown on the cover; empty for none */
    date: shortText,
    /** Punctuation house style: 全角 quanjiao (pairs 1.5 em), 开明 kaiming (pairs 1 em), 半角 banjiao (all ½ em) */
    punctuation: z.preprocess(
      (v) => (typeof v === 'string' ? (PUNCTUATION_NAMES[v.trim().toLowerCase()] ?? v) : v),
      z.enum(['quanjiao', 'kaiming', 'banjiao'], {
        error: () => 'use 全角 (quanjiao), 开明 (kaiming) or 半角 (banjiao)',
      }),
    ),
    /** auto: parts run on; page: each talk starts a new page */
    partBreak: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
      z.enum(['auto', 'page'], { error: () => 'use auto or page' }),
    ),
    /** Organiser and occasion printed near the foot of the cover; empty for none */
    organiser: shortText,
    occasion: shortText,
  };
  const handoutSchema = z.object(handoutKeys);
  /** ISO 8601 only: 2024-07-03, 2024-07-03T09:30, 2024-07-03T09:30:00Z, 2024-07-03T09:30:00+08:00 */
  const isoDate = z.union([z.iso.date(), z.iso.datetime({ offset: true, local: true })], {
    error: 'use an ISO date such as 2024-07-03 or 2024-07-03T09:30:00+08:00',
  });

  /** lectern.json */
  const projectSchema = z.object(
    {
      handout: z.object(handoutKeys, { error: 'use an object such as {"paper": "A4", "bodySize": 12}' }).partial(),
      /** The PDF's CreationDate/ModDate (SOURCE_DATE_EPOCH wins) */
      creationDate: isoDate,
    },
    { error: 'the file must hold one JSON object, e.g. {"handout": {"paper": "A4"}}' },
  );
  return { handoutKeys, handout: handoutSchema, handoutPartial: handoutSchema.partial(), project: projectSchema };
}
type Schemas = ReturnType<typeof makeSchemas>;

type Zod = typeof import('zod');
let zod: Zod | undefined;
/**
 * zod, loaded when the first schema is made: a build with nothing to validate never loads it. Loaded by
 * `require`, which esbuild bundles into dist/ as zod's CommonJS build, initialised when first required;
 * a static import was initialised when the command line's bundle loaded — zod's namespace objects
 * (~1,000 getters) set up at the bundle's top level, its ~40 modules with the settings', their code in
 * the code cache V8 deserialises: ~39 million instructions of a cold build's main thread (README,
 * Speed). The sources run as ES modules (tsx: tests) have no `require`, hence createRequire.
 */
function loadZod(): Zod {
  zod ??= (typeof require === 'function' ? require('zod') : createRequire(import.meta.url)('zod')) as Zod;
  return zod;
}
/** Whether this process has loaded zod (tests: a build with nothing to validate does not). */
export const zodLoaded = (): boolean => zod !== undefined;
let schemasMade: Schemas | undefined;
/** The settings' zod schemas, made on first use. */
export function settingsSchemas(): Schemas {
  schemasMade ??= makeSchemas();
  return schemasMade;
}
/** Whether this process has made the schemas yet (tests: a build with nothing to validate makes none). */
export const settingsSchemasMade = (): boolean => schemasMade !== undefined;

/** The handout settings once every layer is merged (resolveHandout): the body size is then known. */
export type HandoutSettings = Omit<z.output<Schemas['handout']>, 'bodySize'> & { bodySize: number };

/** Front matter keys that are the document's metadata, not settings (read by src/source/markdown.ts) */
const FRONT_MATTER_META = ['title', 'subtitle', 'series', 'date', 'hosts', 'guests'] as const;

export interface Settings {
  handout: HandoutSettings;
  /** Written into the PDF (CreationDate/ModDate): from SOURCE_DATE_EPOCH, the configuration, or a fixed value; never the clock */
  creationDate: Date;
  /** Also export slides.pdf through marp-cli and Chromium */
  slidesPdf: boolean;
  /** Also export slides.pptx (pictures of the slides plus presenter notes) through marp-cli and Chromium */
  slidesPptx: boolean;
  /** Folder holding templates/, fonts/ and lectern.json overrides */
  projectRoot: string;
  /** The handout settings given as command-line flags: they win over front matter too */
  handoutFlags: Partial<HandoutSettings>;
  /** The handout settings lectern.json gives (a document's front matter goes over them) */
  handoutProject: Partial<HandoutSettings>;
}

/** The fixed creation date used when neither SOURCE_DATE_EPOCH nor the configuration gives one. */
export const FIXED_DATE = new Date('2000-01-01T00:00:00Z');

// ---------------------------------------------------------------------------------------------
// Reporting: one line naming the file (and line), the key, the value given and what is allowed.

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** Throws the first issue as a LecternError: `file:line: \`key\` is "x" — use …`. */
function failOn(
  error: z.ZodError,
  input: unknown,
  file: string,
  opts: { keyPrefix?: string; lineOf?: (key: string) => number | undefined; what?: string } = {},
): never {
  const issue = error.issues[0]!;
  const key = [opts.keyPrefix, ...issue.path.map(String)].filter(Boolean).join('.');
  const value = valueAt(input, issue.path);
  const subject = key ? `\`${key}\`` : (opts.what ?? 'its content');
  throw new LecternError(file, `${subject} is ${shown(value)}`, {
    line: opts.lineOf?.(String(issue.path[0] ?? '')),
    hint: issue.message,
  });
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The known key (a dotted path) closest to `key`, if it is close enough to be a likely typo. */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  const leaf = (k: string): string => k.slice(k.lastIndexOf('.') + 1).toLowerCase();
  const k = leaf(key);
  let best: { key: string; d: number } | undefined;
  for (const cand of known) {
    const d = levenshtein(k, leaf(cand));
    if (!best || d < best.d) best = { key: cand, d };
  }
  return best && best.d <= Math.max(1, Math.floor(k.length / 3)) ? best.key : undefined;
}

/** Keys of `input` the schema shape does not know, as dotted paths (nested objects of the shape too). */
function unknownKeys(input: unknown, shape: Record<string, z.ZodType>, prefix = ''): string[] {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(input)) {
    const s = shape[k];
    if (!s) out.push(prefix + k);
    else if (s instanceof loadZod().z.ZodObject)
      out.push(...unknownKeys(v, s.shape as Record<string, z.ZodType>, `${prefix}${k}.`));
  }
  return out;
}

function knownPaths(shape: Record<string, z.ZodType>, prefix = ''): string[] {
  return Object.entries(shape).flatMap(([k, s]) => [
    prefix + k,
    ...(s instanceof loadZod().z.ZodObject ? knownPaths(s.shape as Record<string, z.ZodType>, `${prefix}${k}.`) : []),
  ]);
}

function unknownKeyMessage(key: string, known: readonly string[]): string {
  const near = suggestKey(key, known);
  return `unknown key \`${key}\` ignored${near ? ` — did you mean \`${near}\`?` : ` — known keys: ${known.join(', ')}`}`;
}

// ---------------------------------------------------------------------------------------------

export interface SettingsOverrides {
  paper?: string;
  bodySize?: number | string;
  date?: string;
  partBreak?: string;
  punctuation?: string;
  slidesPdf?: boolean;
  slidesPptx?: boolean;
}

export function creationDateFrom(env: NodeJS.ProcessEnv, configured?: string): Date {
  const epoch = readEnv(env).SOURCE_DATE_EPOCH;
  if (epoch !== undefined) return new Date(Number(epoch.trim()) * 1000);
  if (configured) return new Date(configured);
  return FIXED_DATE;
}

/** A path as the user would type it: relative to the current folder when inside it. */
function shownPath(p: string): string {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : p;
}

export type Warn = (message: string) => void;
const warnToStderr: Warn = (m) => process.stderr.write(`${m}\n`);

function readProjectFile(file: string): unknown {
  let text: string;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new LecternError(file, 'is not a regular file', { hint: 'make lectern.json a JSON file' });
    if (st.size > 1048576) throw new LecternError(file, 'is over 1 MB', { hint: 'lectern.json holds a few settings' });
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof LecternError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return {};
    throw new LecternError(file, `cannot read (${code ?? String(e)})`, { hint: 'check its permissions' });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new LecternError(file, `invalid JSON: ${(e as Error).message}`, { hint: 'fix the JSON syntax' });
  }
}

/** A plain object with no keys (what a missing lectern.json reads as): nothing to validate. */
function isEmptyObject(v: unknown): boolean {
  return (
    v !== null &&
    typeof v === 'object' &&
    Object.getPrototypeOf(v) === Object.prototype &&
    Object.keys(v as object).length === 0
  );
}

/** lectern.json's content validated; unknown keys warned about. */
function projectFileSettings(raw: unknown, file: string, warn: Warn): Partial<z.output<Schemas['project']>> {
  const { project } = settingsSchemas();
  const parsed = project.partial().safeParse(raw);
  if (!parsed.success) failOn(parsed.error, raw, file);
  const known = knownPaths(project.shape as Record<string, z.ZodType>);
  for (const k of unknownKeys(raw, project.shape as Record<string, z.ZodType>))
    warn(`${file}: warning: ${unknownKeyMessage(k, known)}`);
  return parsed.data;
}

/** The handout flags validated; an error names the flag. */
function flagSettings(flags: Record<string, unknown>): Partial<HandoutSettings> {
  const flagCheck = settingsSchemas().handoutPartial.safeParse(flags);
  if (!flagCheck.success) {
    const key = String(flagCheck.error.issues[0]!.path[0]);
    const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    throw new LecternError(flag, `is ${shown(flags[key])}`, { hint: flagCheck.error.issues[0]!.message });
  }
  return flagCheck.data;
}

/** Defaults < lectern.json < command-line flags. Throws a LecternError naming file, key and allowed values. */
export function loadSettings(
  projectRoot: string,
  overrides: SettingsOverrides = {},
  env = process.env,
  warn: Warn = warnToStderr,
): Settings {
  const file = shownPath(join(projectRoot, 'lectern.json'));
  const raw = readProjectFile(file);
  const project = isEmptyObject(raw) ? {} : projectFileSettings(raw, file, warn);

  const flags: Record<string, unknown> = {};
  for (const k of ['paper', 'bodySize', 'date', 'partBreak', 'punctuation'] as const)
    if (overrides[k] !== undefined) flags[k] = overrides[k];
  const handoutFlags = isEmptyObject(flags) ? {} : flagSettings(flags);
  return {
    handout: resolveHandout([project.handout ?? {}, handoutFlags]),
    creationDate: creationDateFrom(env, project.creationDate),
    slidesPdf: overrides.slidesPdf ?? false,
    slidesPptx: overrides.slidesPptx ?? false,
    projectRoot,
    handoutFlags,
    handoutProject: project.handout ?? {},
  };
}

/** The 1-based line of `key:` in the front matter of `source`, if found. */
function frontMatterLine(source: string | undefined, key: string): number | undefined {
  if (!source) return undefined;
  const lines = source.split(/\r\n|\r|\n/u);
  for (let i = 1; i < lines.length && i < 500; i++) {
    if (/^(---|\.\.\.)\s*$/u.test(lines[i]!)) return undefined;
    if (lines[i]!.startsWith(`${key}:`) || lines[i]!.startsWith(`${key} :`)) return i + 1;
  }
  return undefined;
}

/** A document's front-matter settings validated; its unknown keys warned about in `doc.warnings`. */
function frontMatterSettings(
  extra: Record<string, unknown>,
  doc: { file: string; warnings: Diagnostic[] },
  source: string | undefined,
): Partial<HandoutSettings> {
  const { handoutKeys, handoutPartial } = settingsSchemas();
  const lineOf = (k: string): number | undefined => frontMatterLine(source, k);
  const mine: Record<string, unknown> = {};
  const knownHere = [...FRONT_MATTER_META, ...Object.keys(handoutKeys)];
  for (const [k, v] of Object.entries(extra)) {
    if (k in handoutKeys) mine[k] = v;
    else
      doc.warnings.push({
        severity: 'warning',
        file: doc.file,
        line: lineOf(k) ?? 1,
        message: `front matter: ${unknownKeyMessage(k, knownHere)}`,
      });
  }
  const r = handoutPartial.safeParse(mine);
  if (!r.success) failOn(r.error, mine, doc.file, { lineOf });
  return r.data;
}

/**
 * Per-document settings: front matter keys of the handout (`paper`, `bodySize`, …) override the
 * project's; command-line flags still win. Unknown front-matter keys are warned about in `warnings`.
 */
export function settingsForDocument(
  base: Settings,
  doc: { file: string; meta: { extra: Record<string, unknown>; date: string }; warnings: Diagnostic[] },
  source?: string,
): Settings {
  const extra = doc.meta.extra;
  const fromFrontMatter = isEmptyObject(extra) ? {} : frontMatterSettings(extra, doc, source);
  const fromDoc: Partial<HandoutSettings> = { ...fromFrontMatter, ...(doc.meta.date ? { date: doc.meta.date } : {}) };
  return { ...base, handout: resolveHandout([base.handoutProject, fromDoc, base.handoutFlags]) };
}

/** lectern.json with every setting at its default (what `lectern init` writes). */
export function defaultProjectConfig(): {
  handout: Omit<HandoutSettings, 'bodySize'> & { bodySize: string };
  creationDate: string;
} {
  return {
    handout: { ...resolveHandout([]), bodySize: AUTO_BODY_SIZE },
    creationDate: FIXED_DATE.toISOString().slice(0, 10),
  };
}
