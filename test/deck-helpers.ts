// Shared by the deck and slides tests: hand-built Documents, the theme's metrics, the slide fonts.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Document, Part, Paragraph } from '../src/model';
import { GlyphWidths, readThemeMetrics, type SlideMetrics } from '../src/deck';
import { FontSet, loadFontConfig } from '../src/fonts';
import { loadSettings, type Settings } from '../src/settings';
import { Marp } from '@marp-team/marp-core';
import cjkFriendly from 'markdown-it-cjk-friendly';
import { MARP_OPTIONS } from '../src/slides';

export const root = resolve(import.meta.dirname, '..');
export const sampleFile = join(root, 'content', 'guangan-township-forum.txt');
export const longFile = join(root, 'test', 'fixtures', 'slides', 'long-forum.txt');

/** The sample and every `step`-th corpus text (in name order). */
export function sampleAndCorpus(step: number): string[] {
  const dir = join(root, 'test', 'corpus', 'texts');
  const names = readdirSync(dir)
    .filter((n) => n.endsWith('.txt'))
    .sort();
  return [sampleFile, ...names.filter((_, i) => i % step === 0).map((n) => join(dir, n))];
}

export interface PartSpec {
  kind?: Part['kind'];
  title: string;
  subtitle?: string;
  speaker?: { name: string; post: string } | null;
  level?: number;
  /** Paragraph texts; `[lead, rest]` for a paragraph with a run-in head */
  paragraphs: (string | [string, string])[];
}

export function makeDoc(spec: {
  title: string;
  series?: string;
  hosts?: string[];
  guests?: string[];
  parts: PartSpec[];
}): Document {
  let line = 2;
  const parts: Part[] = spec.parts.map((p) => {
    const paragraphs: Paragraph[] = p.paragraphs.map((t) => {
      line++;
      return Array.isArray(t) ? { lead: t[0], text: t[0] + t[1], line } : { lead: '', text: t, line };
    });
    return {
      kind: p.kind ?? 'talk',
      title: p.title,
      subtitle: p.subtitle ?? '',
      speaker: p.speaker === undefined ? { name: '张三', post: '某镇党委书记' } : p.speaker,
      level: p.level ?? 1,
      paragraphs,
      line: 2,
    };
  });
  return {
    file: 'hand-made.txt',
    name: 'hand-made',
    meta: {
      title: spec.title,
      subtitle: '',
      series: spec.series ?? '',
      date: '',
      hosts: spec.hosts ?? [],
      guests: spec.guests ?? [],
      extra: {},
    },
    parts,
    warnings: [],
    changes: [],
  };
}

export const themeCss = readFileSync(join(root, 'templates', 'themes', 'lectern.css'), 'utf8');
export const metrics: SlideMetrics = readThemeMetrics(themeCss);
export const fonts = new FontSet(loadFontConfig(root));
export const widths = new GlyphWidths(fonts.get('slides').tables, fonts.get('slidesBold').tables);

export function settings(overrides: Partial<Settings> = {}): Settings {
  return { ...loadSettings(root, {}, {}), ...overrides };
}

/** Every paragraph text of a document, in order. */
export function paragraphTexts(doc: Document): string[] {
  return doc.parts.flatMap((p) => p.paragraphs.map((q) => q.text));
}

/** Every paragraph as the presenter notes carry it: a dialogue turn with its speaker's label (问：…). */
export function noteTexts(doc: Document): string[] {
  return doc.parts.flatMap((p) => p.paragraphs.map((q) => (q.turn && q.speaker ? `${q.speaker}：${q.text}` : q.text)));
}

/** The presenter notes of slides.md: the text of every HTML comment that is not a directive. */
export function notesOf(markdown: string): string[] {
  return [...markdown.matchAll(/^<!-- (.*) -->$/gm)]
    .map((m) => m[1]!)
    .filter((t) => !/^_?(class|paginate|footer|header)\s*:/.test(t));
}

/** Strips what escapeNote adds (word joiners) to compare notes with the transcript. */
export function unescapeNote(note: string): string {
  return note.replace(/\u2060/g, '');
}

/** marp-core as lectern configures it, without any of lectern's patches (its memos, its seeded stylesheet). */
export function plainMarpRender(markdown: string, css: string): { html: string; css: string; comments: string[][] } {
  const marp = new Marp({
    ...MARP_OPTIONS,
    container: { tag: 'div', id: ':$p' } as unknown as Marp['options']['container'],
    slideContainer: false,
    inlineSVG: true,
  });
  marp.use(cjkFriendly);
  marp.themeSet.add(css);
  const { html, css: style, comments } = marp.render(markdown);
  return { html, css: style, comments };
}
