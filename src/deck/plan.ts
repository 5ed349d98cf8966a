// Plans a deck from a Document: which slides there are and what each one says. The plan is plain
// data for templates/slides.md.hbs (the template decides how it looks); every size decision here is
// measured with the slide font's glyph widths against the theme's geometry, so no slide overflows.
import { EAST_ASIAN_WIDE } from '../cjk';
import type { Diagnostic, Document, Part } from '../model';
import { breakPieces, type GlyphWidths, fitPrefix, lineCount } from './measure';
import { contentBox, type SlideMetrics } from './metrics';
import { composeDialogue } from './dialogue';
import { composePart, type DraftBullet, MAX_BULLETS, MIN_BULLETS, type SlideDraft } from './compose';
import { type KeyPhrase, PHRASE_MAX, phraseLength, TermWeights, type WordWeights } from './keyphrase';
import { GenerationMap, registerCache } from '../cache';
import { linePieces } from './segment';
import { headlineText } from './text';
import { AGENDA_HEADLINE, CONTINUED, joinedTitle } from './made-texts';

/** At most this many bullets on a slide (see compose.ts), each at most this many lines. */

export { CONTINUED, MAX_BULLETS, MIN_BULLETS };
export const MAX_BULLET_LINES = 2;
/** A headline may take this many lines; a lead sentence becomes a headline only if it fits in one. */
export const MAX_HEADLINE_LINES = 2;

export type TitleSize = 'l' | 'm' | 's';

export interface Bullet {
  /** Shown bold before the text (a paragraph's short lead); may be empty */
  strong: string;
  /** A dialogue's question line: the asker's label (问) shown before it, '' otherwise */
  asker: string;
  text: string;
  /** `text` in the pieces a line may break between (<wbr> in the template) */
  pieces: string[];
  /** The key phrases shown, each with its source sentence (the deck report checks them) */
  phrases: KeyPhrase[];
}

export interface KeyPointSlide {
  /** `quote`: one sentence of the text, large, no headline */
  kind: 'points' | 'quote';
  headline: string;
  headlinePieces: string[];
  /** true on a「（续）」slide */
  continued: boolean;
  bullets: Bullet[];
  /** Paragraph texts (or consecutive pieces of one) for the presenter notes: every slide has some */
  notes: string[];
  /** Estimated share of the content box's height the slide fills (0–1) */
  fill: number;
  /** In a dialogue: the question the slide answers, condensed (its headline or labelled first line) */
  question: KeyPhrase | null;
}

export interface AgendaItem {
  /** The number shown: the title's own (一、) or 1. 2. … when it has none */
  number: string;
  /** The title without its own number; an untitled talk's speaker */
  title: string;
  /** The speaker's name, or an untitled talk speaker's post */
  speaker: string;
}

export interface AgendaSlide {
  continued: boolean;
  items: AgendaItem[];
  fill: number;
}

export interface PartPlan {
  kind: Part['kind'];
  title: string;
  /** The title as shown on its section slide, one entry per forced line (split at a space between Chinese words) */
  titleLines: string[];
  subtitle: string;
  speakerName: string;
  speakerPost: string;
  /** The section slide's title is the speaker's name (an untitled talk): no speaker line under it */
  titleIsSpeaker: boolean;
  /**
   * A section slide opens the part (talks, level-1 sections); null for none. A part that says one
   * thing only shows it on its section slide (`lede`, under the title) with its paragraphs as the
   * section slide's notes, instead of a key-point slide of one bullet.
   */
  section: { size: TitleSize; fill: number; lede: Bullet | null; notes: string[] } | null;
  slides: KeyPointSlide[];
}

export interface DeckPlan {
  lang: string;
  theme: string;
  title: string;
  /** The title as shown on the title slide, one entry per forced line */
  titleLines: string[];
  subtitle: string;
  series: string;
  date: string;
  hosts: string[];
  guests: string[];
  /** A single lecture's lecturer (the document has no talks but a speaker): shown on the title slide */
  lecturer: { name: string; post: string } | null;
  titleSlide: { size: TitleSize; fill: number };
  /** Notes of the title slide: an opening part that says one thing only (a greeting and one sentence) */
  titleNotes: string[];
  agenda: AgendaSlide[];
  parts: PartPlan[];
  /** Number of slides the template makes from this plan */
  slideCount: number;
  /** Largest estimated fill of any slide */
  maxFill: number;
}

export interface PlanInput {
  doc: Document;
  metrics: SlideMetrics;
  /** Glyph widths of the slide fonts (regular and bold) */
  widths: GlyphWidths;
  /** Date for the title slide (settings or front matter); falls back to doc.meta.date */
  date?: string;
}

export interface PlanResult {
  plan: DeckPlan;
  warnings: Diagnostic[];
}

/** A key-point slide of one bullet (a quote slide is meant to have one). */
function isLone(s: KeyPointSlide): boolean {
  return s.kind === 'points' && s.bullets.length === 1;
}

/** Every presenter note of a deck in slide order: title slide, section slides, key-point slides. */
export function deckNotes(plan: DeckPlan): string[] {
  return [
    ...plan.titleNotes,
    ...plan.parts.flatMap((p) => [...(p.section?.notes ?? []), ...p.slides.flatMap((s) => s.notes)]),
  ];
}

/** Builds the deck plan for a document. */
export function planDeck(input: PlanInput): PlanResult {
  return new Planner(input).run();
}

/**
 * A part's planned slides, kept for the next plan (a watch rebuild after an edit re-plans only the
 * parts that changed). Its key holds everything planning a part reads but the document's term weights
 * (the part without its source lines, the planner's fallback headline, whether it may close on a quote,
 * the theme's metrics); the idf of every word its planning asked for is kept with it, and the entry is
 * used only while each of those is still the same — an edit elsewhere that changes the weight of a word
 * this part ranked by plans it again. Warnings are kept relative to the part's line.
 */
interface PlannedPart {
  widths: GlyphWidths;
  idf: [word: string, idf: number][];
  slides: KeyPointSlide[];
  warnings: { offset: number; message: string }[];
}
/**
 * Parts kept under watch (all forgotten beyond this many; an entry is a few kilobytes); a batch keeps
 * those of its last two documents (GenerationMap, moved on by startDocument).
 */
const PLANNED_PARTS_KEPT = 2000;
const plannedParts = registerCache('deck: planned slides of each part', new GenerationMap<string, PlannedPart>());

/** How many parts were planned and how many taken from `plannedParts`, since the process started (tests). */
export const partPlanning = { planned: 0, reused: 0 };

/** The part as planning reads it: without the source lines (warnings are placed at the current ones). */
function partKey(part: Part): string {
  return JSON.stringify(part, (k, v) => (k === 'line' ? undefined : v));
}

/** A space between two Chinese words (East Asian wide characters or curly quotes on both sides). */
const halvesRe = new RegExp(`(?<=[${EAST_ASIAN_WIDE}“”‘’])\\s+(?=[${EAST_ASIAN_WIDE}“”‘’])`);

/** A title in halves separated by a space between Chinese words (「植根农村 无悔人生」) shows one half per line. */
export function titleLines(title: string): string[] {
  return title.split(halvesRe).filter(Boolean);
}

class Planner {
  private readonly m: SlideMetrics;
  private readonly w: GlyphWidths;
  private readonly box: { width: number; height: number };
  private readonly warnings: Diagnostic[] = [];
  /** Term weights over the whole document, for ranking key phrases */
  private readonly weights: TermWeights;
  /** The metrics as a memo key (plannedSlides) */
  private metricsKey: string | undefined;

  constructor(private readonly input: PlanInput) {
    this.m = input.metrics;
    this.w = input.widths;
    this.box = contentBox(input.metrics);
    this.weights = new TermWeights(input.doc.parts.flatMap((p) => p.paragraphs.map((q) => q.text)));
  }

  private warn(line: number, message: string): void {
    this.warnings.push({ severity: 'warning', file: this.input.doc.file, line, message });
  }

  // ——— measuring ———

  private headlineLines(text: string): number {
    return this.pieceLines(linePieces(text), this.m.headlineSize, this.box.width);
  }

  private bulletLines(b: Bullet): number {
    const lead = b.asker || b.strong;
    const pieces = lead ? [`${lead}\u3000`, ...b.pieces] : b.pieces;
    return this.pieceLines(pieces, this.m.bodySize, this.box.width - this.m.bulletIndent);
  }

  /** Lines of text that may break only between `pieces` (keep-all with <wbr>). */
  private pieceLines(pieces: string[], size: number, width: number): number {
    return breakPieces(pieces, this.w, size, width).length;
  }

  private headlineHeight(lines: number): number {
    return lines * this.m.headlineSize * this.m.headlineLeading + this.m.headlineGap;
  }

  private bulletsHeight(lines: number[]): number {
    const line = this.m.bodySize * this.m.bodyLeading;
    return lines.reduce((sum, n) => sum + n * line, 0) + Math.max(0, lines.length - 1) * this.m.bulletGap;
  }

  /**
   * The headline for slides under a part's title: the whole title if it fits one line, else its first
   * half (「植根基层沃土」) if that does, else the whole title in two lines, else shortened. There is
   * always room for「（续）」.
   */
  private fitHeadline(text: string, line: number): string {
    const lines = (t: string) => this.headlineLines(t + CONTINUED);
    if (lines(text) <= 1) return text;
    const half = titleLines(text)[0]!;
    if (half !== text && lines(half) <= 1) return half;
    if (lines(text) <= MAX_HEADLINE_LINES) return text;
    const cut = fitPrefix(text, this.w, this.m.headlineSize, this.box.width, MAX_HEADLINE_LINES, `…${CONTINUED}`);
    this.warn(line, `slide headline shortened to fit: ${text}`);
    return cut.slice(0, -CONTINUED.length);
  }

  // ——— key points ———

  private bulletOf(d: DraftBullet): Bullet {
    return {
      strong: d.strong,
      asker: d.asker ?? '',
      text: d.text,
      pieces: linePieces(d.text),
      phrases: d.phrases,
    };
  }

  /** Headline, bullets and fill of a key-point slide, measured; warns when it cannot fit. */
  private slideOf(d: SlideDraft, headline: string, continued: boolean, line: number): KeyPointSlide {
    const shown = continued ? headline + CONTINUED : headline;
    const headlinePieces = linePieces(shown);
    const bullets = d.bullets.map((b) => this.bulletOf(b));
    const hLines = this.pieceLines(headlinePieces, this.m.headlineSize, this.box.width);
    const bLines = bullets.map((b) => this.bulletLines(b));
    const fill =
      d.kind === 'quote'
        ? (bullets.reduce((n, b) => n + this.pieceLines(b.pieces, this.m.titleSizes.m, this.box.width), 0) *
            this.m.titleSizes.m *
            this.m.titleLeading) /
          this.box.height
        : (this.headlineHeight(hLines) + this.bulletsHeight(bLines)) / this.box.height;
    if (fill > 1) this.warn(line, `a slide is fuller than its box: ${shown}`);
    return {
      kind: d.kind,
      headline: shown,
      headlinePieces,
      continued,
      bullets,
      notes: d.notes,
      fill,
      question: d.question ?? null,
    };
  }

  /** partSlides, or the slides planned for the same part before, while every weight it read is the same. */
  private plannedSlides(part: Part, fallbackHeadline: string, last: boolean): KeyPointSlide[] {
    const closing = part.kind === 'talk' || last;
    this.metricsKey ??= JSON.stringify(this.m);
    const key = JSON.stringify([this.metricsKey, fallbackHeadline, closing, partKey(part)]);
    const kept = plannedParts.get(key);
    if (kept && kept.widths === this.w && kept.idf.every(([w, v]) => this.weights.idf(w) === v)) {
      for (const w of kept.warnings) this.warn(part.line + w.offset, w.message);
      partPlanning.reused++;
      return [...kept.slides];
    }
    const idf = new Map<string, number>();
    const recorded: WordWeights = {
      idf: (word) => {
        const v = this.weights.idf(word);
        idf.set(word, v);
        return v;
      },
    };
    const from = this.warnings.length;
    const slides = this.partSlides(part, fallbackHeadline, closing, recorded);
    if (plannedParts.size >= PLANNED_PARTS_KEPT) plannedParts.clear();
    plannedParts.set(key, {
      widths: this.w,
      idf: [...idf],
      slides: [...slides],
      warnings: this.warnings.slice(from).map((w) => ({ offset: w.line - part.line, message: w.message })),
    });
    partPlanning.planned++;
    return slides;
  }

  private partSlides(part: Part, fallbackHeadline: string, closing: boolean, weights: WordWeights): KeyPointSlide[] {
    const options = {
      weights,
      fitsHeadline: (t: string) => this.headlineLines(t + CONTINUED) <= 1,
      closing,
    };
    const drafts =
      part.kind === 'dialogue' ? composeDialogue(part.paragraphs, options) : composePart(part.paragraphs, options);
    // an untitled talk is headed by its own words: its first slide's first phrase, where it has one
    let partHeadline = headlineText(part.title);
    if (!partHeadline && part.kind === 'talk') {
      const first = drafts.find((d) => d.kind === 'points');
      const own = first?.headline ?? null;
      if (first && own === null && first.bullets.length > 0) {
        partHeadline = first.bullets[0]!.text;
        if (first.bullets.length > 2) first.bullets.shift();
      } else if (own) partHeadline = own;
      else partHeadline = part.speaker?.name ?? fallbackHeadline;
    }
    partHeadline = this.fitHeadline(partHeadline || fallbackHeadline, part.line);
    const slides: KeyPointSlide[] = [];
    let prevHeadline = '';
    for (const d of drafts) {
      const headline = d.headline ?? partHeadline;
      slides.push(this.slideOf(d, headline, headline === prevHeadline && d.kind === 'points', part.line));
      if (d.kind === 'points') prevHeadline = headline;
    }
    return slides;
  }

  /**
   * Consecutive sub-sections (（一）…, or short headed paragraphs the source set as headings) that say
   * only one or two things each share slides: each shows its heading as a bullet (its content stays in
   * the notes), under the heading of the section above them.
   */
  private gatherSmallSections(plans: PartPlan[], parts: Part[], fallback: string): void {
    const small = (i: number) => {
      const p = plans[i]!;
      const len = phraseLength(headlineText(p.title));
      return (
        p.kind === 'section' &&
        p.section === null &&
        p.slides.length === 1 &&
        p.slides[0]!.kind === 'points' &&
        p.slides[0]!.bullets.length <= 2 &&
        len >= 4 &&
        len <= PHRASE_MAX
      );
    };
    let parent = fallback;
    for (let i = 0; i < plans.length; i++) {
      if (plans[i]!.section) parent = headlineText(plans[i]!.title);
      let j = i;
      while (j < plans.length && small(j)) j++;
      if (j - i < 2) continue;
      const run = plans.slice(i, j);
      const bullets: DraftBullet[] = run.map((p) => {
        // its own number (（二）, 2.) goes: the bullets of one slide are siblings anyway
        const marker =
          /^(?:（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+[.、．]\s*|（\d+）)/.exec(p.title)?.[0] ?? '';
        const text = headlineText(p.title.slice(marker.length));
        const phrase: KeyPhrase = {
          text,
          source: p.title,
          from: 0,
          to: p.title.length,
          dropped: marker ? [marker] : [],
          kind: 'heading',
          score: 0,
        };
        return { strong: '', text, phrases: [phrase] };
      });
      const notes = run.map((p) => p.slides[0]!.notes);
      const size = Math.ceil(run.length / Math.ceil(run.length / MAX_BULLETS));
      const slides: KeyPointSlide[] = [];
      for (let k = 0; k < run.length; k += size) {
        const draft: SlideDraft = {
          kind: 'points',
          headline: parent,
          bullets: bullets.slice(k, k + size),
          notes: notes.slice(k, k + size).flat(),
          spare: [],
        };
        slides.push(this.slideOf(draft, parent, k > 0, parts[i]!.line));
      }
      run.forEach((p, k) => {
        p.slides = k === 0 ? slides : [];
      });
      i = j - 1;
    }
  }

  // ——— title-like slides ———

  /** Height of meta lines (subtitle, speaker, hosts…) at the meta size. */
  private metaHeight(lines: string[]): number {
    const line = this.m.metaSize * this.m.metaLeading;
    return lines.reduce((sum, t) => sum + lineCount(t, this.w, this.m.metaSize, this.box.width) * line, 0);
  }

  /**
   * The largest title size at which the title, its subtitle (at the subtitle size) and the lines under
   * them (at the meta size) fit (title ≤ 3 lines).
   */
  private titleSize(
    title: string,
    subtitle: string,
    meta: string[],
    line: number,
    lede: string[] = [],
  ): { size: TitleSize; fill: number; title: string; lines: string[] } {
    // a section's lede: at the subtitle size, indented like a bullet (the theme's blockquote)
    const ledeH = lede.length
      ? this.pieceLines(lede, this.m.subtitleSize, this.box.width - this.m.bulletIndent) *
          this.m.subtitleSize *
          this.m.titleLeading +
        this.m.titleGap
      : 0;
    const subH =
      ledeH +
      (subtitle
        ? this.pieceLines(linePieces(subtitle), this.m.subtitleSize, this.box.width) *
            this.m.subtitleSize *
            this.m.titleLeading +
          this.m.titleGap
        : 0);
    const metaH = subH + this.metaHeight(meta) + (meta.length ? this.m.titleGap : 0);
    const lines = titleLines(title);
    for (const size of ['l', 'm', 's'] as const) {
      const px = this.m.titleSizes[size];
      const count = lines.reduce((n, l) => n + this.pieceLines(linePieces(l), px, this.box.width), 0);
      const height = count * px * this.m.titleLeading + metaH;
      if (count <= (size === 'l' ? 2 : 3) && height <= this.box.height) {
        return { size, fill: height / this.box.height, title, lines };
      }
    }
    const px = this.m.titleSizes.s;
    const cut = fitPrefix(title, this.w, px, this.box.width, 3);
    this.warn(line, `title shortened to fit its slide: ${title}`);
    return { size: 's', fill: (3 * px * this.m.titleLeading + metaH) / this.box.height, title: cut, lines: [cut] };
  }

  private agenda(items: AgendaItem[]): AgendaSlide[] {
    if (items.length === 0) return [];
    const slides: AgendaSlide[] = [];
    const hLines = this.headlineLines(AGENDA_HEADLINE);
    const room = this.box.height - this.headlineHeight(hLines);
    let cur: AgendaItem[] = [];
    let lines: number[] = [];
    const flush = () => {
      slides.push({
        continued: slides.length > 0,
        items: cur,
        fill: (this.headlineHeight(hLines) + this.bulletsHeight(lines)) / this.box.height,
      });
      cur = [];
      lines = [];
    };
    for (const item of items) {
      let it = item;
      const rowLines = (x: AgendaItem) =>
        lineCount(
          `${x.number} ${x.title}　${x.speaker}`,
          this.w,
          this.m.bodySize,
          this.box.width - this.m.bulletIndent,
        );
      if (rowLines(it) > MAX_BULLET_LINES) {
        const width = this.box.width - this.m.bulletIndent;
        const title = fitPrefix(
          it.title,
          this.w,
          this.m.bodySize,
          width - this.w.width(`　${it.speaker}`, this.m.bodySize),
          MAX_BULLET_LINES,
        );
        it = { ...it, title };
      }
      const n = rowLines(it);
      if (cur.length > 0 && (cur.length >= MAX_BULLETS || this.bulletsHeight([...lines, n]) > room)) flush();
      cur.push(it);
      lines.push(n);
    }
    flush();
    return slides;
  }

  run(): PlanResult {
    const { doc } = this.input;
    const meta = doc.meta;
    const date = this.input.date || meta.date;
    const talksOnly = doc.parts.filter((p) => p.kind === 'talk');
    const speaker = doc.parts.find((p) => p.speaker)?.speaker ?? null;
    const lecturer = talksOnly.length === 0 && speaker ? { name: speaker.name, post: speaker.post } : null;
    const titleMeta = [
      lecturer ? `${lecturer.post}　${lecturer.name}`.trim() : '',
      [meta.series, date].filter(Boolean).join('　'),
      meta.hosts.length ? `主持人：${meta.hosts.join('　')}` : '',
      meta.guests.length ? `嘉宾：${meta.guests.join('　')}` : '',
    ].filter(Boolean);
    const titleFit = this.titleSize(meta.title || doc.name, meta.subtitle, titleMeta, 1);

    const talks = doc.parts.filter((p) => p.kind === 'talk' || (p.kind === 'section' && p.level === 1));
    const agendaItems: AgendaItem[] = talks.map((p, i) => {
      const title = joinedTitle(p);
      // a lecture's 一、二、 are its own numbers: not numbered twice
      const own = /^[一二三四五六七八九十]+、/.exec(title)?.[0];
      if (!title && p.speaker) return { number: `${i + 1}.`, title: p.speaker.name, speaker: p.speaker.post };
      return {
        number: own ?? `${i + 1}.`,
        title: own ? title.slice(own.length) : title,
        speaker: p.speaker?.name ?? '',
      };
    });
    const agenda = talks.length >= 2 ? this.agenda(agendaItems) : [];

    const lastPart = doc.parts.findLast((p) => p.paragraphs.length > 0);
    const parts: PartPlan[] = doc.parts.map((part) => {
      let section: PartPlan['section'] = null;
      let title = part.title;
      let lines = titleLines(part.title);
      // an untitled talk's section slide is headed by its speaker, the post under the name
      const titleIsSpeaker = !part.title && part.kind === 'talk' && part.speaker !== null;
      if (titleIsSpeaker) title = part.speaker!.name;
      let slides = this.plannedSlides(part, meta.title || doc.name, part === lastPart);
      if (part.kind === 'talk' || (part.kind === 'section' && part.level === 1)) {
        const speakerLine = part.speaker
          ? titleIsSpeaker
            ? part.speaker.post
            : `${part.speaker.post}　${part.speaker.name}`.trim()
          : '';
        // a part that says one thing: it goes on the section slide, not on a slide of its own
        const lone = slides.length === 1 && isLone(slides[0]!) ? slides[0]! : null;
        const ledePieces = lone ? lone.bullets[0]!.pieces : [];
        const fit = this.titleSize(title, part.subtitle, [speakerLine].filter(Boolean), part.line, ledePieces);
        section = { size: fit.size, fill: fit.fill, lede: lone?.bullets[0] ?? null, notes: lone?.notes ?? [] };
        if (lone) slides = [];
        title = fit.title;
        lines = fit.lines;
      }
      return {
        kind: part.kind,
        title,
        titleLines: lines,
        subtitle: part.subtitle,
        speakerName: part.speaker?.name ?? '',
        speakerPost: part.speaker?.post ?? '',
        titleIsSpeaker,
        section,
        slides,
      };
    });

    this.gatherSmallSections(parts, doc.parts, meta.title || doc.name);
    // an opening part that says one thing before any other slide (老师们，同学们好！…今天的内容包括六个部分：)
    // is what the speaker says over the title slide: its paragraphs become the title slide's notes
    const titleNotes: string[] = [];
    const first = parts.find((p) => p.section || p.slides.length > 0);
    if (first && !first.section && first.slides.length === 1 && isLone(first.slides[0]!)) {
      titleNotes.push(...first.slides[0]!.notes);
      first.slides = [];
    }
    const slideCount = 1 + agenda.length + parts.reduce((n, p) => n + (p.section ? 1 : 0) + p.slides.length, 0) + 1;
    const fills = [
      titleFit.fill,
      ...agenda.map((a) => a.fill),
      ...parts.flatMap((p) => [...(p.section ? [p.section.fill] : []), ...p.slides.map((s) => s.fill)]),
    ];
    const plan: DeckPlan = {
      lang: 'zh-CN',
      theme: 'lectern',
      title: titleFit.title,
      titleLines: titleFit.lines,
      subtitle: meta.subtitle,
      series: meta.series,
      date,
      hosts: meta.hosts,
      guests: meta.guests,
      lecturer,
      titleSlide: { size: titleFit.size, fill: titleFit.fill },
      titleNotes,
      agenda,
      parts,
      slideCount,
      maxFill: Math.max(...fills),
    };
    return { plan, warnings: this.warnings };
  }
}
