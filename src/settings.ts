// Build settings: defaults, overridden by `lectern.json` in the project, then by a document's front
// matter (`meta.extra`), then by command-line flags.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LecternError } from './errors';

export type Paper = 'A4' | 'B5' | 'A5';
export const PAPERS: readonly Paper[] = ['A4', 'B5', 'A5'];

export interface HandoutSettings {
  paper: Paper;
  /** Body size in pt: 12 (小四) or 10.5 (五号) */
  bodySize: number;
  /** Date shown on the cover; empty for none */
  date: string;
}

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
}

/** The fixed creation date used when neither SOURCE_DATE_EPOCH nor the configuration gives one. */
export const FIXED_DATE = new Date('2000-01-01T00:00:00Z');

export function creationDateFrom(env: NodeJS.ProcessEnv, configured?: string): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch.trim())) return new Date(Number(epoch.trim()) * 1000);
  if (configured) {
    const d = new Date(configured);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return FIXED_DATE;
}

export interface SettingsOverrides {
  paper?: string;
  bodySize?: number;
  date?: string;
  slidesPdf?: boolean;
  slidesPptx?: boolean;
}

function asPaper(v: unknown, file: string): Paper {
  const p = String(v).toUpperCase();
  if ((PAPERS as readonly string[]).includes(p)) return p as Paper;
  throw new LecternError(file, `unknown paper size "${String(v)}"`, { hint: `use one of ${PAPERS.join(', ')}` });
}

export function loadSettings(projectRoot: string, overrides: SettingsOverrides = {}, env = process.env): Settings {
  const file = join(projectRoot, 'lectern.json');
  let cfg: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      cfg = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new LecternError(file, `invalid JSON: ${(e as Error).message}`);
    }
  }
  const handoutCfg = (cfg.handout ?? {}) as Record<string, unknown>;
  const handout: HandoutSettings = {
    paper: asPaper(overrides.paper ?? handoutCfg.paper ?? 'A4', overrides.paper ? '--paper' : file),
    bodySize: Number(overrides.bodySize ?? handoutCfg.bodySize ?? 12),
    date: String(overrides.date ?? handoutCfg.date ?? ''),
  };
  return {
    handout,
    creationDate: creationDateFrom(env, typeof cfg.creationDate === 'string' ? cfg.creationDate : undefined),
    slidesPdf: overrides.slidesPdf ?? false,
    slidesPptx: overrides.slidesPptx ?? false,
    projectRoot,
  };
}

/** Per-document settings: front matter keys `paper`, `bodySize` and `date` override the project's. */
export function settingsForDocument(
  base: Settings,
  extra: Record<string, unknown>,
  date: string,
  file: string,
): Settings {
  const handout = { ...base.handout };
  if (extra.paper !== undefined) handout.paper = asPaper(extra.paper, file);
  if (typeof extra.bodySize === 'number') handout.bodySize = extra.bodySize;
  if (date) handout.date = date;
  return { ...base, handout };
}
