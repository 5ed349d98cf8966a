// DeckPlan → an editable PowerPoint deck (pptxgenjs): every slide of templates/slides.md.hbs as text
// boxes in the theme's font, sizes and colours — title, agenda, section and key-point slides, the
// closing slide — with bullet lists, the footer (speaker · series), slide numbers and the full text in
// the presenter notes. Line spacing is exact (the theme's line heights), so the planner's measurements
// hold here as in slides.html.
import PptxGenJS from 'pptxgenjs';
import type { AgendaSlide, DeckPlan, KeyPointSlide, PartPlan, SlideMetrics, TitleSize } from '../deck';
import { contentFrame, inch, PPTX_STYLE as S, pt } from './style';

export interface PptxInput {
  plan: DeckPlan;
  metrics: SlideMetrics;
  /** Font family names of the slide font (regular; bold is the same family in bold) */
  fontFace: string;
  /** Document title for the file's properties */
  title: string;
}

type Run = PptxGenJS.TextProps;
type Slide = PptxGenJS.Slide;

/** Paragraph options for text of `sizePx` with the theme's `leading` (exact line spacing). */
function para(sizePx: number, leading: number, extra: PptxGenJS.TextPropsOptions = {}): PptxGenJS.TextPropsOptions {
  return { fontSize: pt(sizePx), lineSpacing: pt(sizePx * leading), ...extra };
}

/**
 * Options for a run after the first of a list item: pptxgenjs starts a new paragraph at every run
 * that has a bullet, so only the first run carries the paragraph's bullet and spacing.
 */
function continuing(o: PptxGenJS.TextPropsOptions): PptxGenJS.TextPropsOptions {
  const { bullet: _bullet, paraSpaceBefore: _before, indentLevel: _level, ...rest } = o;
  return rest;
}

/** Runs of one paragraph, the last one ending it. */
function paragraph(runs: Run[]): Run[] {
  if (runs.length) runs[runs.length - 1]!.options = { ...runs[runs.length - 1]!.options, breakLine: true };
  return runs;
}

class DeckWriter {
  private readonly pptx = new PptxGenJS();
  private readonly m: SlideMetrics;
  private footer = '';

  constructor(private readonly input: PptxInput) {
    this.m = input.metrics;
    this.pptx.defineLayout({ name: 'LECTERN', width: inch(this.m.width), height: inch(this.m.height) });
    this.pptx.layout = 'LECTERN';
    this.pptx.title = input.title;
    this.pptx.author = 'lectern';
    this.pptx.theme = { headFontFace: input.fontFace, bodyFontFace: input.fontFace };
  }

  private newSlide(paginate = true): Slide {
    const s = this.pptx.addSlide();
    s.background = { color: S.background };
    s.addShape('rect', {
      x: 0,
      y: 0,
      w: inch(this.m.width),
      h: inch(S.accentBar),
      fill: { color: S.accent },
      line: { color: S.accent, width: 0 },
    });
    const lineH = S.footerSize * S.footerLeading;
    const y = inch(this.m.height - S.footerBottom - lineH);
    if (this.footer) {
      s.addText(this.footer, {
        x: inch(this.m.padX),
        y,
        w: inch(this.m.width - this.m.padX - S.footerRight),
        h: inch(lineH),
        margin: 0,
        fontFace: this.input.fontFace,
        fontSize: pt(S.footerSize),
        color: S.footer,
        valign: 'bottom',
        fit: 'none',
        wrap: false,
        lang: this.input.plan.lang,
      });
    }
    if (paginate) {
      s.slideNumber = {
        x: inch(this.m.width - this.m.padX - S.pageNumberWidth),
        y,
        w: inch(S.pageNumberWidth),
        h: inch(lineH),
        margin: 0,
        fontFace: this.input.fontFace,
        fontSize: pt(S.footerSize),
        color: S.footer,
        align: 'right',
        valign: 'bottom',
      };
    }
    return s;
  }

  /** One text box over the content box, top- or middle-anchored. */
  private textBox(s: Slide, runs: Run[], valign: 'top' | 'middle'): void {
    s.addText(runs, {
      ...contentFrame(this.m),
      margin: 0,
      valign,
      fontFace: this.input.fontFace,
      color: S.text,
      fit: 'none',
      lang: this.input.plan.lang,
    });
  }

  private titleRuns(lines: string[], size: TitleSize): Run[] {
    const px = this.m.titleSizes[size];
    return lines.map((text) => ({
      text,
      options: { ...para(px, this.m.titleLeading), bold: true, color: S.heading, breakLine: true },
    }));
  }

  /** A line of meta text under a title (the first one spaced from the title). */
  private metaRuns(runs: Run[], first: boolean): Run[] {
    const base = para(this.m.metaSize, this.m.metaLeading, {
      color: S.meta,
      paraSpaceBefore: first ? pt(this.m.titleGap) : 0,
    });
    return paragraph(runs.map((r) => ({ text: r.text, options: { ...base, ...r.options } })));
  }

  private titleSlide(): void {
    const p = this.input.plan;
    this.footer = p.series;
    const s = this.newSlide(false);
    const runs = this.titleRuns(p.titleLines, p.titleSlide.size);
    const meta: Run[][] = [];
    if (p.subtitle) meta.push([{ text: p.subtitle }]);
    if (p.series) meta.push([{ text: p.date ? `${p.series}　${p.date}` : p.series }]);
    else if (p.date) meta.push([{ text: p.date }]);
    if (p.hosts.length) meta.push([{ text: `主持人：${p.hosts.join('　')}` }]);
    if (p.guests.length) meta.push([{ text: `嘉宾：${p.guests.join('　')}` }]);
    meta.forEach((m, i) => {
      runs.push(...this.metaRuns(m, i === 0));
    });
    this.textBox(s, runs, 'middle');
    if (p.titleNotes.length) s.addNotes(p.titleNotes.join('\n\n'));
  }

  private headline(text: string): Run {
    return {
      text,
      options: {
        ...para(this.m.headlineSize, this.m.headlineLeading),
        bold: true,
        color: S.heading,
        paraSpaceAfter: pt(this.m.headlineGap),
        breakLine: true,
      },
    };
  }

  /** Options of a list item's runs: the theme's body size, indent and gap between items. */
  private item(first: boolean, bullet: PptxGenJS.TextPropsOptions['bullet']): PptxGenJS.TextPropsOptions {
    return para(this.m.bodySize, this.m.bodyLeading, {
      bullet,
      indentLevel: 0,
      paraSpaceBefore: first ? 0 : pt(this.m.bulletGap),
    });
  }

  /** The agenda: one unbulleted line per talk, its own number (一、 or 1.) first, as the theme shows it. */
  private agendaSlide(a: AgendaSlide): void {
    const s = this.newSlide();
    const runs: Run[] = [this.headline(a.continued ? '议程（续）' : '议程')];
    a.items.forEach((it, i) => {
      const o = this.item(i === 0, false);
      const item: Run[] = [
        { text: `${it.number} `, options: o },
        { text: it.title, options: { ...continuing(o), bold: true, color: S.text } },
      ];
      if (it.speaker) item.push({ text: `　${it.speaker}`, options: continuing(o) });
      runs.push(...paragraph(item));
    });
    this.textBox(s, runs, 'top');
  }

  private sectionSlide(part: PartPlan): void {
    const series = this.input.plan.series;
    this.footer = part.speakerName ? (series ? `${part.speakerName} · ${series}` : part.speakerName) : series;
    const s = this.newSlide();
    const runs = this.titleRuns(part.titleLines, part.section!.size);
    const meta: Run[][] = [];
    if (part.subtitle) meta.push([{ text: part.subtitle }]);
    if (part.speakerName) {
      meta.push([
        ...(part.speakerPost ? [{ text: `${part.speakerPost}　` }] : []),
        { text: part.speakerName, options: { bold: true, color: S.strong } },
      ]);
    }
    meta.forEach((m, i) => {
      runs.push(...this.metaRuns(m, i === 0));
    });
    // the one thing a short part says, at the subtitle size, indented like a bullet (the theme's blockquote)
    const lede = part.section!.lede;
    if (lede) {
      const o = para(this.m.subtitleSize, this.m.titleLeading, {
        color: S.text,
        paraSpaceBefore: pt(this.m.titleGap),
        indentLevel: 0,
        bullet: { indent: pt(this.m.bulletIndent), characterCode: '2503' },
      });
      const item: Run[] = [];
      if (lede.strong) item.push({ text: `${lede.strong}\u3000`, options: { ...o, bold: true, color: S.strong } });
      item.push({ text: lede.text, options: item.length ? continuing(o) : o });
      runs.push(...paragraph(item));
    }
    this.textBox(s, runs, 'middle');
    if (part.section!.notes.length) s.addNotes(part.section!.notes.join('\n\n'));
  }

  /** A quote slide: its lines large and centred (the planner measured them at the middle title size). */
  private quoteSlide(k: KeyPointSlide): void {
    const s = this.newSlide();
    const lines = k.bullets.map((b) => b.strong + b.text);
    const runs = this.titleRuns(lines, 'm').map((r) => ({ ...r, options: { ...r.options, align: 'center' as const } }));
    this.textBox(s, runs, 'middle');
    if (k.notes.length) s.addNotes(k.notes.join('\n\n'));
  }

  private keyPointSlide(k: KeyPointSlide): void {
    if (k.kind === 'quote') {
      this.quoteSlide(k);
      return;
    }
    const s = this.newSlide();
    const runs: Run[] = [this.headline(k.headline)];
    k.bullets.forEach((b, i) => {
      const o = this.item(i === 0, { indent: pt(this.m.bulletIndent) });
      const item: Run[] = [];
      if (b.asker) item.push({ text: `${b.asker}\u3000`, options: { ...o, bold: true, color: S.meta } });
      if (b.strong)
        item.push({
          text: `${b.strong}\u3000`,
          options: { ...(item.length ? continuing(o) : o), bold: true, color: S.strong },
        });
      item.push({ text: b.text, options: item.length ? continuing(o) : o });
      runs.push(...paragraph(item));
    });
    this.textBox(s, runs, 'top');
    if (k.notes.length) s.addNotes(k.notes.join('\n\n'));
  }

  private closingSlide(): void {
    const p = this.input.plan;
    this.footer = p.series;
    const s = this.newSlide();
    const runs = this.titleRuns(['谢谢！'], 'l');
    const meta: Run[][] = [[{ text: p.title }]];
    if (p.series) meta.push([{ text: p.series }]);
    meta.forEach((m, i) => {
      runs.push(...this.metaRuns(m, i === 0));
    });
    this.textBox(s, runs, 'middle');
  }

  async write(): Promise<Buffer> {
    const p = this.input.plan;
    this.titleSlide();
    for (const a of p.agenda) this.agendaSlide(a);
    for (const part of p.parts) {
      if (part.section) this.sectionSlide(part);
      for (const k of part.slides) this.keyPointSlide(k);
    }
    this.closingSlide();
    return (await this.pptx.write({ outputType: 'nodebuffer', compression: false })) as Buffer;
  }
}

/** The deck as a .pptx file (entries dated by the clock: see reproducibleOoxml). */
export function writeEditablePptx(input: PptxInput): Promise<Buffer> {
  return new DeckWriter(input).write();
}
