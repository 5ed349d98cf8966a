// Plans a deck from a Document: which slides there are and what each one says. The plan is plain
// data for templates/slides.md.hbs (the template decides how it looks); every size decision here is
// measured with the slide font's glyph widths against the theme's geometry, so no slide overflows.
import { EAST_ASIAN_WIDE } from '../cjk';
import type { Diagnostic, Document, Paragraph, Part } from '../model';
import { type GlyphWidths, fitPrefix, lineCount } from './measure';
import { contentBox, type SlideMetrics } from './metrics';
import {
  bulletText,
  findEnumeration,
  headlineText,
  splitClauses,
  splitSemicolons,
  splitSentences,
  trimHedges,
} from './text';

/** At most this many bullets on a slide, each at most this many lines. */
export const MAX_BULLETS = 6;
export const MAX_BULLET_LINES = 2;
/** A headline may take this many lines; a lead sentence becomes a headline only if it fits in one. */
export const MAX_HEADLINE_LINES = 2;
/** A clause with a number in it (5家, 10亿元, 2.3万个, 百亿级) */
const HAS_FIGURE = /\d|[一二三四五六七八九十两百千万亿]+[个家项类种名条亿万%倍级]/;

/** Appended to the headline of a slide that continues the previous one. */
export const CONTINUED = '（续）';

export type TitleSize = 'l' | 'm' | 's';

export interface Bullet {
  /** Shown bold before the text (an enumeration marker such as 一是); may be empty */
  strong: string;
  text: string;
}

export interface KeyPointSlide {
  headline: string;
  /** true on a「（续）」slide */
  continued: boolean;
  bullets: Bullet[];
  /** Full paragraph texts for the presenter notes (only on the first slide of a key point) */
  notes: string[];
  /** Estimated share of the content box's height the slide fills (0–1) */
  fill: number;
}

export interface AgendaItem {
  number: number;
  title: string;
  speaker: string;
}

export interface AgendaSlide {
  continued: boolean;
  items: AgendaItem[];
  /** `start` of the ordered list */
  start: number;
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
  /** A section slide opens the part (talks, level-1 sections); null for none */
  section: { size: TitleSize; fill: number } | null;
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
  titleSlide: { size: TitleSize; fill: number };
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

/** Builds the deck plan for a document. */
export function planDeck(input: PlanInput): PlanResult {
  return new Planner(input).run();
}

/** A paragraph's key point: an optional headline of its own and the bullets under it. */
interface KeyPoint {
  headline: string | null;
  bullets: Bullet[];
  paragraph: Paragraph;
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

  constructor(private readonly input: PlanInput) {
    this.m = input.metrics;
    this.w = input.widths;
    this.box = contentBox(input.metrics);
  }

  private warn(line: number, message: string): void {
    this.warnings.push({ severity: 'warning', file: this.input.doc.file, line, message });
  }

  // ——— measuring ———

  private headlineLines(text: string): number {
    return lineCount(text, this.w, this.m.headlineSize, this.box.width);
  }

  private bulletLines(b: Bullet): number {
    return lineCount(b.strong + b.text, this.w, this.m.bodySize, this.box.width - this.m.bulletIndent);
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

  /**
   * Turns a sentence into bullet texts of at most MAX_BULLET_LINES: whole if it fits, else split at
   * ；, else its leading clauses, else (one endless clause) cut with an ellipsis.
   */
  private condense(sentence: string, line: number, strong = ''): Bullet[] {
    const text = bulletText(trimHedges(sentence));
    if (!text) return [];
    const fits = (t: string) => this.bulletLines({ strong, text: t }) <= MAX_BULLET_LINES;
    if (fits(text)) return [{ strong, text }];
    const parts = splitSemicolons(text);
    if (parts.length > 1) {
      return parts.flatMap((p, i) => this.condense(p, line, i === 0 ? strong : ''));
    }
    const clauses = splitClauses(text);
    let acc = clauses[0]!;
    let i = 1;
    for (; i < clauses.length && fits(bulletText(acc + clauses[i]!)); i++) acc += clauses[i]!;
    // of the clauses left out, those with figures are the ones a listener needs: keep them if they fit
    for (const c of clauses.slice(i + 1)) {
      if (HAS_FIGURE.test(c) && fits(bulletText(acc + c))) acc += c;
    }
    acc = bulletText(acc);
    if (!fits(acc)) {
      acc = fitPrefix(
        acc,
        this.w,
        this.m.bodySize,
        this.box.width - this.m.bulletIndent - this.w.width(strong, this.m.bodySize),
        MAX_BULLET_LINES,
      );
      this.warn(line, `a sentence too long for a slide was cut (full text in the notes): ${text.slice(0, 20)}…`);
    }
    return [{ strong, text: acc }];
  }

  // ——— key points ———

  private keyPoint(p: Paragraph): KeyPoint {
    let headline: string | null = null;
    let body = p.text;
    const oneLine = (t: string) => t !== '' && this.headlineLines(t + CONTINUED) <= 1;
    if (p.lead && p.text.startsWith(p.lead) && oneLine(headlineText(trimHedges(p.lead)))) {
      headline = headlineText(trimHedges(p.lead));
      body = p.text.slice(p.lead.length);
    } else {
      const sentences = splitSentences(p.text);
      const first = headlineText(trimHedges(sentences[0] ?? ''));
      if (sentences.length > 1 && oneLine(first)) {
        headline = first;
        body = sentences.slice(1).join('');
      }
    }
    const bullets: Bullet[] = [];
    const en = findEnumeration(body);
    if (en) {
      const intro = headlineText(trimHedges(en.intro));
      if (intro) {
        if (headline === null && oneLine(intro)) headline = intro;
        else bullets.push(...this.condense(en.intro, p.line));
      }
      for (const item of en.items) bullets.push(...this.condense(item.text, p.line, item.marker));
      for (const s of splitSentences(en.rest)) bullets.push(...this.condense(s, p.line));
    } else {
      for (const s of splitSentences(body)) bullets.push(...this.condense(s, p.line));
    }
    return { headline, bullets, paragraph: p };
  }

  /**
   * Packs a key point's bullets into slides: as few slides as the budget allows (≤ MAX_BULLETS bullets,
   * height within the content box), the bullets spread evenly over them (no lone bullet on a last
   * 「（续）」slide).
   */
  private pack(headline: string, bullets: Bullet[], notes: string[]): KeyPointSlide[] {
    const hLines = Math.max(this.headlineLines(headline), this.headlineLines(headline + CONTINUED));
    const room = this.box.height - this.headlineHeight(hLines);
    const lines = bullets.map((b) => this.bulletLines(b));
    // greedy: bullets go onto the current slide while they fit and there are fewer than `cap`
    const greedy = (cap: number): number[][] => {
      const groups: number[][] = [];
      let cur: number[] = [];
      for (let i = 0; i < bullets.length; i++) {
        const next = [...cur, i].map((j) => lines[j]!);
        if (cur.length > 0 && (cur.length >= cap || this.bulletsHeight(next) > room)) {
          groups.push(cur);
          cur = [];
        }
        cur.push(i);
      }
      if (cur.length > 0 || groups.length === 0) groups.push(cur);
      return groups;
    };
    let groups = greedy(MAX_BULLETS);
    // the smallest cap that needs no more slides than the greedy fill gives the most even spread
    for (let cap = Math.ceil(bullets.length / groups.length); cap < MAX_BULLETS; cap++) {
      const even = greedy(cap);
      if (even.length <= groups.length) {
        groups = even;
        break;
      }
    }
    return groups.map((g, k) => ({
      headline: k ? headline + CONTINUED : headline,
      continued: k > 0,
      bullets: g.map((i) => bullets[i]!),
      notes: k ? [] : notes,
      fill: (this.headlineHeight(hLines) + this.bulletsHeight(g.map((i) => lines[i]!))) / this.box.height,
    }));
  }

  private partSlides(part: Part, fallbackHeadline: string): KeyPointSlide[] {
    const slides: KeyPointSlide[] = [];
    const partHeadline = this.fitHeadline(part.title || fallbackHeadline, part.line);
    // paragraphs without a headline of their own gather under the part's title
    let pending: { bullets: Bullet[]; notes: string[] } | null = null;
    const flushPending = () => {
      if (pending) slides.push(...this.pack(partHeadline, pending.bullets, pending.notes));
      pending = null;
    };
    for (const p of part.paragraphs) {
      const kp = this.keyPoint(p);
      if (kp.headline !== null) {
        flushPending();
        slides.push(...this.pack(kp.headline, kp.bullets, [p.text]));
      } else {
        pending ??= { bullets: [], notes: [] };
        pending.bullets.push(...kp.bullets);
        pending.notes.push(p.text);
      }
    }
    flushPending();
    return slides;
  }

  // ——— title-like slides ———

  /** Height of meta lines (subtitle, speaker, hosts…) at the meta size. */
  private metaHeight(lines: string[]): number {
    const line = this.m.metaSize * this.m.metaLeading;
    return lines.reduce((sum, t) => sum + lineCount(t, this.w, this.m.metaSize, this.box.width) * line, 0);
  }

  /** The largest title size at which the title and the lines under it fit (title ≤ 3 lines). */
  private titleSize(
    title: string,
    meta: string[],
    line: number,
  ): { size: TitleSize; fill: number; title: string; lines: string[] } {
    const metaH = this.metaHeight(meta) + (meta.length ? this.m.titleGap : 0);
    const lines = titleLines(title);
    for (const size of ['l', 'm', 's'] as const) {
      const px = this.m.titleSizes[size];
      const count = lines.reduce((n, l) => n + lineCount(l, this.w, px, this.box.width), 0);
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
    const hLines = this.headlineLines(`议程${CONTINUED}`);
    const room = this.box.height - this.headlineHeight(hLines);
    let cur: AgendaItem[] = [];
    let lines: number[] = [];
    const flush = () => {
      slides.push({
        continued: slides.length > 0,
        items: cur,
        start: cur[0]!.number,
        fill: (this.headlineHeight(hLines) + this.bulletsHeight(lines)) / this.box.height,
      });
      cur = [];
      lines = [];
    };
    for (const item of items) {
      let it = item;
      const rowLines = (x: AgendaItem) =>
        lineCount(`${x.title}　${x.speaker}`, this.w, this.m.bodySize, this.box.width - this.m.bulletIndent);
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
    const titleMeta = [
      meta.subtitle,
      [meta.series, date].filter(Boolean).join('　'),
      meta.hosts.length ? `主持人：${meta.hosts.join('　')}` : '',
      meta.guests.length ? `嘉宾：${meta.guests.join('　')}` : '',
    ].filter(Boolean);
    const titleFit = this.titleSize(meta.title || doc.name, titleMeta, 1);

    const talks = doc.parts.filter((p) => p.kind === 'talk' || (p.kind === 'section' && p.level === 1));
    const agendaItems: AgendaItem[] = talks.map((p, i) => ({
      number: i + 1,
      title: [p.title, p.subtitle].filter(Boolean).join(' '),
      speaker: p.speaker?.name ?? '',
    }));
    const agenda = talks.length >= 2 ? this.agenda(agendaItems) : [];

    const parts: PartPlan[] = doc.parts.map((part) => {
      let section: PartPlan['section'] = null;
      let title = part.title;
      let lines = titleLines(part.title);
      if (part.kind === 'talk' || (part.kind === 'section' && part.level === 1)) {
        const speakerLine = part.speaker ? `${part.speaker.post}　${part.speaker.name}`.trim() : '';
        const fit = this.titleSize(part.title, [part.subtitle, speakerLine].filter(Boolean), part.line);
        section = { size: fit.size, fill: fit.fill };
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
        section,
        slides: this.partSlides(part, meta.title || doc.name),
      };
    });

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
      titleSlide: { size: titleFit.size, fill: titleFit.fill },
      agenda,
      parts,
      slideCount,
      maxFill: Math.max(...fills),
    };
    return { plan, warnings: this.warnings };
  }
}
