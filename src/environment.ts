// The environment variables lectern reads, validated in one place. Not with zod like the settings
// (src/settings.ts, which re-exports these): the input size limits are read wherever a transcript or
// a font file is opened, the slide worker included, and importing the settings there bundled zod into
// the worker — ~460 KB of its bundle and ~20 ms of its start-up CPU, on a cold build's critical path.
import { LecternError } from './errors';

/** Largest SOURCE_DATE_EPOCH: 9999-12-31T23:59:59Z (PDF dates have four-digit years) */
const MAX_EPOCH = 253402300799;

const SECONDS = /^\s*\d+\s*$/;
const MEGABYTES = /^\s*\d+(\.\d+)?\s*$/;

/** Each variable: when a value is valid, and what to say when it is not */
const RULES = {
  SOURCE_DATE_EPOCH: {
    valid: (v: string) => SECONDS.test(v) && Number(v) <= MAX_EPOCH,
    error: `use whole seconds since 1970 (0 to ${MAX_EPOCH})`,
  },
  LECTERN_MAX_TRANSCRIPT_MB: { valid: (v: string) => MEGABYTES.test(v), error: 'use a number of megabytes, e.g. 128' },
  LECTERN_MAX_FONT_MB: { valid: (v: string) => MEGABYTES.test(v), error: 'use a number of megabytes, e.g. 512' },
} as const;

export type Environment = Partial<Record<keyof typeof RULES, string>>;

/** A value as an error line shows it: JSON, cut at 40 characters. */
export function shown(v: unknown): string {
  if (typeof v === 'number') return String(v); // NaN, Infinity
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

/** Reads and validates the environment variables lectern uses (unset or empty: not given). */
export function readEnv(env: NodeJS.ProcessEnv = process.env): Environment {
  const given: Environment = {};
  for (const [key, rule] of Object.entries(RULES) as [keyof typeof RULES, (typeof RULES)[keyof typeof RULES]][]) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    if (!rule.valid(value))
      throw new LecternError(key, `the environment variable is ${shown(value)}`, {
        hint: `${rule.error}, or unset it`,
      });
    given[key] = value;
  }
  return given;
}

/** Size limit in bytes for a kind of input file, from its environment variable or the default. */
export function inputLimit(kind: 'transcript' | 'font', env: NodeJS.ProcessEnv = process.env): number {
  const e = readEnv(env);
  const mb = kind === 'transcript' ? e.LECTERN_MAX_TRANSCRIPT_MB : e.LECTERN_MAX_FONT_MB;
  return Math.round((mb !== undefined ? Number(mb) : kind === 'transcript' ? 64 : 256) * 1048576);
}
