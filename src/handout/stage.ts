// The handout stage: Document → handout.md (template) → block tree → typeset pages → handout.pdf.
import type { Document, Diagnostic, Paragraph, Part, Speaker } from '../model';
import type { Settings } from '../settings';
import type { FontSet, LoadedFont } from '../fonts';
import type { Timer } from '../pipeline/timer';
import { parallelLeads } from '../cjk/leads';
import { renderTemplate } from '../templates';
import { parseHandoutMarkdown } from './parse';
import { handoutStyle, pageGeometry } from '../typeset';
import { typesetHandout, type HandoutFonts } from '../typeset';
import type { TypesetDocument } from '../typeset';
import { writePdf } from '../pdf/write';

export interface HandoutOutput {
  markdown: string;
  pdf: Buffer;
  warnings: Diagnostic[];
  pages: number;
}

const SECTION_MARKS = ['##', '###', '####', '#####'];

/**
 * The speaker line as the transcript prints it (「——西河乡乡长 赵卫东」「张红梅（东山镇党委书记）」);
 * a post run into the name (「北坡村党支部书记孙丽」) gets a space between them, which the PDF's text
 * ignores. A speaker from front matter: post, space, name.
 */
export function speakerLine(s: Speaker, asWritten = ''): string {
  const written = asWritten.trim();
  if (written && written !== s.post + s.name) return written;
  return [s.post, s.name].filter(Boolean).join(' ');
}

/**
 * The heading block of a part: its title, with the speaker line as byline; for an untitled talk the
 * speaker line as printed is the heading and the name its entry (contents, bookmark, running head);
 * for an untitled opening the document's own title (README: every part has a heading).
 */
function partHeading(doc: Document, p: Document['parts'][number]) {
  const m = doc.meta;
  const byline = p.speaker ? speakerLine(p.speaker, p.speakerLine) : '';
  if (p.title) {
    const name = p.speaker?.name ?? '';
    const entry = name && !p.title.includes(name) ? `${p.title}\u3000${name}` : '';
    return { headingText: p.title, subtitle: p.subtitle, byline, entry };
  }
  if (p.kind !== 'intro' && p.kind !== 'section' && p.speaker?.name) {
    const line = speakerLine(p.speaker, p.speakerLine);
    return {
      headingText: line,
      subtitle: p.subtitle,
      byline: '',
      entry: line === p.speaker.name ? '' : p.speaker.name,
    };
  }
  const first = doc.parts.indexOf(p) === 0;
  return { headingText: m.title, subtitle: p.subtitle || (first ? m.subtitle : ''), byline, entry: '' };
}

type CreditsAt = { before: Map<Paragraph, string[]>; after: Map<Part, string[]> };

/**
 * Where the host/guest lines go: where the transcript has them — before the first paragraph that
 * follows them, or after the part they follow when the next part's heading comes first. From front
 * matter (no lines as written): 「主持人：」/「嘉宾：」 with the names joined by 、, after the opening part.
 */
function placeCredits(doc: Document): CreditsAt {
  const at: CreditsAt = { before: new Map(), after: new Map() };
  const m = doc.meta;
  const parts = doc.parts;
  if (!m.creditLines?.length) {
    const lines = [
      m.hosts.length ? `主持人：${m.hosts.join('、')}` : '',
      m.guests.length ? `嘉宾：${m.guests.join('、')}` : '',
    ];
    const part =
      parts[
        Math.max(
          0,
          parts.findIndex((p) => p.kind === 'intro'),
        )
      ];
    if (part && lines.some(Boolean)) at.after.set(part, lines.filter(Boolean));
    return at;
  }
  const push = <K>(map: Map<K, string[]>, key: K, text: string) => map.set(key, [...(map.get(key) ?? []), text]);
  for (const c of m.creditLines) {
    const pi = parts.findIndex((p) => p.line > c.line || p.paragraphs.some((x) => x.line > c.line));
    if (pi < 0) {
      if (parts.length) push(at.after, parts.at(-1)!, c.text);
      continue;
    }
    const part = parts[pi]!;
    if (part.line > c.line && pi > 0) push(at.after, parts[pi - 1]!, c.text);
    else {
      const para = part.paragraphs.find((x) => x.line > c.line);
      if (para) push(at.before, para, c.text);
      else push(at.after, part, c.text);
    }
  }
  return at;
}

/**
 * A paragraph for the template: its text and bold run-in lead. A dialogue turn opens with its speaker's
 * label in bold (`主持人：…`, book-and-speech.md); the label is not part of the paragraph's text.
 */
function paragraphData(para: Document['parts'][number]['paragraphs'][number], parallelLead: string) {
  const label = para.turn && para.speaker ? `${para.speaker}：` : '';
  const lead = parallelLead && para.text.startsWith(parallelLead) ? parallelLead : '';
  if (label) return { text: label + para.text, lead: label, rest: para.text };
  return { text: para.text, lead, rest: lead ? para.text.slice(lead.length) : para.text };
}

/** A page-metadata line recognition kept out of the text (「在…上的讲话」 is an occasion). */
function fromText(doc: Document, label: string): string {
  return doc.metadata?.find((l) => l.label === label)?.text ?? '';
}

/** What templates/handout.md.hbs sees. */
export function handoutTemplateData(doc: Document, settings: Settings) {
  const m = doc.meta;
  const credits = placeCredits(doc);
  return {
    title: m.title,
    subtitle: m.subtitle,
    // The cover carries what the text gives (the series line as printed, 【賨州论坛】); recognition's
    // page metadata fills what settings leave empty.
    series: m.seriesAsWritten || m.series || fromText(doc, 'series'),
    // the cover's date as the transcript prints it (「（一九四八年四月一日）」) unless a setting names
    // another (settingsForDocument puts the document's own date into the settings)
    date:
      m.dateAsWritten && (!settings.handout.date || settings.handout.date === m.date)
        ? m.dateAsWritten
        : settings.handout.date || m.date,
    organiser: settings.handout.organiser,
    occasion: settings.handout.occasion || fromText(doc, 'occasion'),
    // Names joined with 、: a wide blank between names would make PDF readers take each name for a column.
    hosts: m.hosts.join('、'),
    guests: m.guests.join('、'),
    hostList: m.hosts,
    guestList: m.guests,
    extra: m.extra,
    parts: doc.parts.map((p) => {
      const h = partHeading(doc, p);
      // One rule for run-in leads (src/cjk/leads.ts): every parallel lead bold, the source's own too.
      const leads = parallelLeads(
        p.paragraphs.map((x) => x.text),
        p.paragraphs.map((x) => x.lead),
      );
      return {
        kind: p.kind,
        isIntro: p.kind === 'intro',
        isTalk: p.kind === 'talk',
        isSection: p.kind === 'section',
        isDialogue: (p.kind as string) === 'dialogue',
        title: p.title || h.headingText,
        headingText: h.headingText,
        entry: h.entry,
        subtitle: h.subtitle,
        byline: h.byline,
        // 「【编者按】本期……」: the marker as printed is the first paragraph's run-in lead, not a heading line
        runIn: Boolean(p.titleAsWritten && p.paragraphs.length > 0),
        speaker: p.speaker,
        level: p.level,
        heading: SECTION_MARKS[Math.min(Math.max(p.level, 1), 4) - 1],
        creditsAfter: credits.after.get(p) ?? [],
        paragraphs: p.paragraphs.map((para, k) => ({
          ...(k === 0 && p.titleAsWritten
            ? { text: p.titleAsWritten + para.text, lead: p.titleAsWritten, rest: para.text }
            : paragraphData(para, leads[k] ?? '')),
          creditsBefore: credits.before.get(para) ?? [],
        })),
      };
    }),
  };
}

/** The font chains of the handout's roles (each role's font, then the configured fallbacks). */
export function handoutFonts(fonts: FontSet): { chains: HandoutFonts; byPath: Map<string, LoadedFont> } {
  const fallbacks = fonts.fallbacks();
  const chain = (role: 'body' | 'bodyBold' | 'heading' | 'sans') => [fonts.get(role), ...fallbacks];
  const chains: HandoutFonts = {
    body: chain('body'),
    bodyBold: chain('bodyBold'),
    heading: chain('heading'),
    sans: chain('sans'),
  };
  const byPath = new Map<string, LoadedFont>();
  for (const c of Object.values(chains)) for (const f of c) byPath.set(f.path, f);
  return { chains, byPath };
}

/** Where a character first occurs in the document (1-based line), for warnings. */
function locate(doc: Document, ch: string): number {
  for (const p of doc.parts) {
    if (p.title.includes(ch) || p.subtitle.includes(ch)) return p.line;
    if (p.speaker && (p.speaker.name + p.speaker.post).includes(ch)) return p.line;
    for (const para of p.paragraphs) if (para.text.includes(ch)) return para.line;
  }
  return 1;
}

export function missingWarnings(doc: Document, typeset: TypesetDocument): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const m of typeset.missing) {
    if (seen.has(m.char)) continue;
    seen.add(m.char);
    const code = `U+${m.char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    out.push({
      severity: 'warning',
      file: doc.file,
      line: locate(doc, m.char),
      message: `no font has the character 「${m.char}」 (${code}); the handout shows an empty box for it — add a fallback font in fonts/fonts.json`,
    });
  }
  return out;
}

/** `reuse`: a later build in this process may reuse the PDF's deflated streams (writePdf) */
export async function makeHandout(
  doc: Document,
  settings: Settings,
  fonts: FontSet,
  timer: Timer,
  reuse = true,
): Promise<HandoutOutput> {
  const markdown = timer.time('templates', () =>
    renderTemplate('handout.md.hbs', handoutTemplateData(doc, settings), settings.projectRoot),
  );
  const { chains, byPath } = timer.time('fonts', () => handoutFonts(fonts));
  const typeset = timer.time('typesetting', () => {
    const blocks = parseHandoutMarkdown(markdown);
    const geometry = pageGeometry(settings.handout.paper, settings.handout.bodySize);
    const style = handoutStyle(geometry, {
      punctuation: settings.handout.punctuation,
      partBreak: settings.handout.partBreak,
    });
    return typesetHandout(blocks, { geometry, fonts: chains, documentTitle: doc.meta.title, style });
  });
  const pdf = await timer.timeAsync('pdf', () =>
    writePdf(
      typeset,
      byPath,
      {
        // PDF/UA needs a title (XMP dc:title, shown in the window): a text without one is named by its
        // first part's title, else its file name
        title: doc.meta.title || doc.parts.find((p) => p.title)?.title || doc.name,
        subject: [doc.meta.series, doc.meta.subtitle].filter(Boolean).join(' · ') || '培训讲义',
        author: doc.meta.guests.join('、'),
        keywords: [doc.meta.series, ...doc.meta.guests].filter(Boolean).join(', '),
        date: settings.creationDate,
      },
      reuse,
    ),
  );
  return { markdown, pdf, warnings: missingWarnings(doc, typeset), pages: typeset.pages.length };
}
