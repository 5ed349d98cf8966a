// Composes a part's key-point slides from its paragraphs: which paragraph gets a slide of its own
// (a short lead and enough to say under it), which parallel paragraphs share one slide (规划先行。…
// 项目为王。…; 一是…二是…; 心中有党…心中有民…), which gather under the part's headline, and which
// small slides merge with a neighbour. No measuring here: `fitsHeadline` is the planner's.
import { parallelLeads } from '../cjk/leads';
import type { Paragraph } from '../model';
import { headlineText, splitSentences, trimHedges } from './text';
import {
  clauseRanges,
  isFormula,
  type KeyPhrase,
  PHRASE_GOOD,
  PHRASE_MAX,
  type ParagraphPhrases,
  paragraphPhrases,
  phraseLength,
  type WordWeights,
  topPhrases,
} from './keyphrase';

export const MAX_BULLETS = 5;
export const MIN_BULLETS = 3;

export interface DraftBullet {
  /** Shown bold before the text (a paragraph's short lead); may be empty */
  strong: string;
  text: string;
  /** The phrases shown: one per non-empty part (strong, text) */
  phrases: KeyPhrase[];
  /** A dialogue's question line: the label of the one who asks (问), shown before it; not the text's words */
  asker?: string;
}

export interface SlideDraft {
  kind: 'points' | 'quote';
  /** The slide's own headline; null: the part's headline */
  headline: string | null;
  bullets: DraftBullet[];
  /** Paragraph texts (or consecutive pieces of one) for the presenter notes, in order */
  notes: string[];
  /** Phrases of its paragraphs not shown, for a slide with too few bullets */
  spare: KeyPhrase[];
  /** The lead phrase its own headline shows, if any (a bullet again if the slide takes another's headline) */
  lead?: KeyPhrase;
  /** In a dialogue: the question the slide answers, condensed (its headline, or its labelled first line) */
  question?: KeyPhrase;
}

interface Analysed {
  p: Paragraph;
  /** The lead sentence used as a headline, or null */
  headline: string | null;
  /** Its lead as the source wrote it (run-in head or first sentence) */
  leadSource: string;
  phrases: ParagraphPhrases;
  formula: boolean;
}

/** A series marker opening a paragraph (as src/cjk/leads.ts reads one): 一是 / 第一， / 首先 … */
const SERIES = /^(?:[一二三四五六七八九十]是|第[一二三四五六七八九十][，、,是]|首先|其次|再次|最后)/;

function bullet(phrases: KeyPhrase[], strong?: KeyPhrase): DraftBullet {
  return {
    strong: strong?.text ?? '',
    text: phrases.map((p) => p.text).join(''),
    phrases: strong ? [strong, ...phrases] : phrases,
  };
}

export interface ComposeOptions {
  weights: WordWeights;
  /** True if `text` fits one headline line */
  fitsHeadline: (text: string) => boolean;
  /** The part may end on a quote slide (a talk, or the document's closing part) */
  closing: boolean;
}

/** `lead`: the paragraph's lead as src/cjk/leads.ts finds it (the source's run-in head or a parallel lead), or ''. */
function analyse(p: Paragraph, o: ComposeOptions, lead: string): Analysed {
  if (isFormula(p.text)) {
    return {
      p,
      headline: null,
      leadSource: '',
      phrases: { lead: null, items: [], phrases: [], seconds: [] },
      formula: true,
    };
  }
  let leadSource = '';
  let headline: string | null = null;
  if (lead && p.text.startsWith(lead)) leadSource = lead;
  else {
    const sentences = splitSentences(p.text);
    if (sentences.length > 1) leadSource = sentences[0]!;
  }
  if (leadSource && isFormula(leadSource)) leadSource = '';
  if (leadSource) {
    const h = headlineText(trimHedges(leadSource));
    if (h && o.fitsHeadline(h) && phraseLength(h) <= PHRASE_MAX + 2) headline = h;
    else leadSource = '';
  }
  const phrases = paragraphPhrases(p.text, leadSource, o.weights);
  // a first sentence used as a headline is a clause of the text; only a lead the rule found is a lead
  if (phrases.lead && leadSource !== lead) phrases.lead = { ...phrases.lead, kind: 'clause' };
  return { p, headline, leadSource, phrases, formula: false };
}

/** Two consecutive leads belong to one series: run-in heads of the source, series markers, or one opening. */
function sameSeries(a: Analysed, b: Analysed): boolean {
  return (
    (a.p.lead !== '' && b.p.lead !== '') ||
    (SERIES.test(a.p.text) && SERIES.test(b.p.text)) ||
    a.leadSource.slice(0, 2) === b.leadSource.slice(0, 2)
  );
}

/**
 * Indices [start, end) of runs of parallel paragraphs: consecutive paragraphs whose leads the one
 * lead rule (src/cjk/leads.ts, which the handout sets bold) finds, split where the series changes.
 */
function parallelRuns(list: Analysed[], leads: string[]): [number, number][] {
  const runs: [number, number][] = [];
  const isLead = (k: number) => leads[k] !== '' && list[k]!.headline !== null && list[k]!.leadSource === leads[k];
  let i = 0;
  while (i < list.length) {
    let j = i;
    while (j < list.length && isLead(j) && (j === i || sameSeries(list[j - 1]!, list[j]!))) j++;
    // two long leads say more as two slides, each headed by its lead, than as two lines on one
    const short = list.slice(i, j).every((a) => phraseLength(a.headline ?? '') < 8);
    if (j - i >= 3 || (j - i === 2 && short)) {
      runs.push([i, j]);
      i = j;
    } else i = Math.max(i + 1, j);
  }
  return runs;
}

/** The bullet of one paragraph in a parallel run: its lead (or item head), with a phrase when the lead is short. */
function parallelBullet(a: Analysed): { bullet: DraftBullet; spare: KeyPhrase[] } | null {
  const lead = a.phrases.lead ?? a.phrases.items[0] ?? null;
  const others = [...a.phrases.items.filter((x) => x !== lead), ...a.phrases.phrases];
  if (!lead) {
    const best = topPhrases(others, 1)[0];
    return best ? { bullet: bullet([best]), spare: others.filter((x) => x !== best) } : null;
  }
  // a short lead (规划先行) is shown bold with the paragraph's best phrase after it
  if (phraseLength(lead.text) < 8) {
    // the first phrase after the lead is the paragraph's thesis (规划先行。规划就是执行力…)
    const best = others
      .filter((x) => x.kind !== 'slogan' && phraseLength(lead.text + x.text) <= PHRASE_GOOD + 2)
      .sort((x, y) => order([a.p.text], x) - order([a.p.text], y))[0];
    if (best) return { bullet: bullet([best], lead), spare: others.filter((x) => x !== best) };
  }
  return { bullet: bullet([lead]), spare: others };
}

/** Splits a paragraph's text into note pieces at the start of each group of item phrases. */
function notePieces(text: string, groups: KeyPhrase[][]): string[] {
  const cuts = groups.slice(1).map((g) => {
    const first = g[0]!;
    const at = text.indexOf(first.source);
    return at < 0 ? -1 : at + first.from;
  });
  if (cuts.some((c, i) => c <= 0 || (i > 0 && c <= cuts[i - 1]!))) return [text];
  const out: string[] = [];
  let from = 0;
  for (const c of cuts) {
    out.push(text.slice(from, c));
    from = c;
  }
  out.push(text.slice(from));
  return out;
}

/** Splits `n` bullets into the fewest groups of at most MAX_BULLETS, as even as possible. */
function evenGroups<T>(items: T[]): T[][] {
  const k = Math.max(1, Math.ceil(items.length / MAX_BULLETS));
  const size = Math.ceil(items.length / k);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A line of a quote slide: the words shown with their source (a whole sentence or its opening clauses). */
function quoteLine(sentence: string, to: number): KeyPhrase {
  return { text: sentence.slice(0, to), source: sentence, from: 0, to, dropped: [], kind: 'clause', score: 0 };
}

/** A closing line said as a slogan: one exclamation of 8–30 characters, not first or second person, no wish or thanks. */
function exclamation(sentence: string): KeyPhrase | null {
  const t = headlineText(sentence.replace(/[！!]+$/, ''));
  const len = phraseLength(t);
  if (!/[！!]$/.test(sentence) || len < 8 || len > 30 || /[我你您]|^祝|谢谢|感谢/.test(t) || isFormula(sentence))
    return null;
  return quoteLine(sentence, t.length);
}

/** An aphorism opening a sentence: three or more short clauses (事在人为，没有做不到，只有想不到), 24 characters at most. */
function aphorism(sentence: string): KeyPhrase | null {
  const ranges = clauseRanges(sentence);
  let n = 0;
  while (n < ranges.length && ranges[n]![1] - ranges[n]![0] <= 7 && ranges[n]![1] - ranges[n]![0] >= 3) n++;
  if (n < 3 || /[我你您]/.test(sentence.slice(0, ranges[n - 1]![1]))) return null;
  // the longest run of them that is at most 24 characters
  while (n >= 3 && ranges[n - 1]![1] > 24) n--;
  return n >= 3 ? quoteLine(sentence, ranges[n - 1]![1]) : null;
}

/**
 * A part's closing quote: its last paragraphs when they are short exclamations (…万岁！, 为…而斗争！; up
 * to three lines), else an aphorism opening its last sentence. Returns the lines and how many
 * characters of the paragraphs, counted from the end, the quote slide takes as its notes.
 */
function closingQuote(paragraphs: Paragraph[]): { lines: KeyPhrase[]; paragraphsFrom: number; cut: number } | null {
  let end = paragraphs.length;
  while (end > 0 && isFormula(paragraphs[end - 1]!.text)) end--;
  const lines: KeyPhrase[] = [];
  let k = end;
  while (k > 0 && lines.length < 3) {
    const sentences = splitSentences(paragraphs[k - 1]!.text);
    const line = sentences.length === 1 ? exclamation(sentences[0]!) : null;
    if (!line) break;
    lines.unshift(line);
    k--;
  }
  // something must be left for the slides before it
  if (lines.length && k > 0) return { lines, paragraphsFrom: k, cut: 0 };
  const last = paragraphs[end - 1];
  if (!last || end < 2) return null;
  const sentences = splitSentences(last.text);
  const s = sentences[sentences.length - 1]!;
  const line = aphorism(s);
  if (!line) return null;
  const at = last.text.lastIndexOf(s);
  return at > last.lead.length ? { lines: [line], paragraphsFrom: end - 1, cut: at } : null;
}

/** The key-point slides of a part's paragraphs; a part may end on a quote slide (ComposeOptions.closing). */
export function composePart(paragraphs: Paragraph[], o: ComposeOptions): SlideDraft[] {
  const quote = o.closing ? closingQuote(paragraphs) : null;
  if (!quote) return composePoints(paragraphs, o);
  // the quote slide's notes: what it quotes (the end of a paragraph, or whole paragraphs) and what follows
  const from = quote.paragraphsFrom;
  const head = paragraphs.slice(0, from);
  const notes = paragraphs.slice(from).map((p) => p.text);
  if (quote.cut > 0) {
    const p = paragraphs[from]!;
    head.push({ ...p, text: p.text.slice(0, quote.cut) });
    notes[0] = p.text.slice(quote.cut);
  }
  const drafts = composePoints(head, o);
  drafts.push({ kind: 'quote', headline: null, bullets: quote.lines.map((l) => bullet([l])), notes, spare: [] });
  return drafts;
}

function composePoints(paragraphs: Paragraph[], o: ComposeOptions): SlideDraft[] {
  // one lead rule with the handout: the leads it sets bold are the deck's leads
  const leads = parallelLeads(
    paragraphs.map((p) => p.text),
    paragraphs.map((p) => p.lead),
  ).map((l, i) => (isFormula(paragraphs[i]!.text) ? '' : l));
  const list = paragraphs.map((p, i) => analyse(p, o, leads[i]!));
  const runs = parallelRuns(list, leads);
  const drafts: SlideDraft[] = [];
  let pool: Analysed[] = [];

  const flushPool = () => {
    if (pool.length === 0) return;
    const content = pool.filter((a) => !a.formula);
    // a lone paragraph says up to four things; several say two each
    const perParagraph = content.length <= 1 ? 4 : 2;
    let cur: SlideDraft = { kind: 'points', headline: null, bullets: [], notes: [], spare: [] };
    for (const a of pool) {
      const head = a.phrases.lead && a.headline ? [a.phrases.lead] : [];
      const chosen = [
        ...head,
        ...a.phrases.items.slice(0, MAX_BULLETS),
        ...topPhrases(a.phrases.phrases, perParagraph - head.length),
      ].slice(0, MAX_BULLETS);
      const spare = [...a.phrases.phrases.filter((x) => !chosen.includes(x)), ...a.phrases.seconds];
      if (cur.bullets.length > 0 && cur.bullets.length + chosen.length > MAX_BULLETS) {
        drafts.push(cur);
        cur = { kind: 'points', headline: null, bullets: [], notes: [], spare: [] };
      }
      cur.bullets.push(...chosen.map((x) => bullet([x])));
      cur.notes.push(a.p.text);
      cur.spare.push(...spare);
    }
    drafts.push(cur);
    pool = [];
  };

  for (let i = 0; i < list.length; i++) {
    const run = runs.find(([s]) => s === i);
    const a = list[i]!;
    if (run) {
      flushPool();
      const members = list.slice(run[0], run[1]);
      const made = members.map((m) => ({ m, b: parallelBullet(m) }));
      for (const group of evenGroups(made)) {
        drafts.push({
          kind: 'points',
          headline: null,
          bullets: group.flatMap((g) => (g.b ? [g.b.bullet] : [])),
          notes: group.map((g) => g.m.p.text),
          spare: group.flatMap((g) => g.b?.spare ?? []),
        });
      }
      i = run[1] - 1;
      continue;
    }
    const own = [...a.phrases.items, ...topPhrases(a.phrases.phrases, 4)];
    if (a.headline && (a.phrases.items.length >= 2 || own.length >= 2)) {
      flushPool();
      const bullets = a.phrases.items.length >= 2 ? a.phrases.items : topPhrases(a.phrases.phrases, 4);
      const groups = evenGroups(bullets);
      const notes = notePieces(a.p.text, groups);
      const spare = a.phrases.phrases.filter((x) => !bullets.includes(x));
      if (notes.length !== groups.length) {
        // the paragraph cannot be cut between the groups: its first slide keeps the first five
        drafts.push({
          kind: 'points',
          headline: a.headline,
          bullets: bullets.slice(0, MAX_BULLETS).map((x) => bullet([x])),
          notes,
          spare,
          ...(a.phrases.lead ? { lead: a.phrases.lead } : {}),
        });
      } else {
        groups.forEach((g, k) => {
          drafts.push({
            kind: 'points',
            headline: a.headline,
            bullets: g.map((x) => bullet([x])),
            notes: [notes[k]!],
            spare: k ? [] : spare,
            ...(a.phrases.lead && k === 0 ? { lead: a.phrases.lead } : {}),
          });
        });
      }
      continue;
    }
    pool.push(a);
  }
  flushPool();
  return mergeSmall(drafts);
}

/**
 * A slide with one bullet joins the slide before it (or after it) when that one has room; a slide
 * with fewer than three takes more of its own paragraphs' phrases; a slide with none gives its notes
 * to a neighbour.
 */
function mergeSmall(drafts: SlideDraft[]): SlideDraft[] {
  const out: SlideDraft[] = [];
  for (const d of drafts) {
    const prev = out[out.length - 1];
    if (
      d.kind === 'points' &&
      d.bullets.length <= 1 &&
      prev &&
      prev.kind === 'points' &&
      prev.bullets.length + d.bullets.length <= MAX_BULLETS
    ) {
      prev.bullets.push(...d.bullets);
      prev.notes.push(...d.notes);
      prev.spare.push(...d.spare);
      continue;
    }
    out.push(d);
  }
  // forwards: a first slide with one bullet (or none) joins the next
  for (let i = 0; i + 1 < out.length; i++) {
    const d = out[i]!;
    const next = out[i + 1]!;
    if (
      d.kind === 'points' &&
      d.bullets.length <= 1 &&
      next.kind === 'points' &&
      next.bullets.length + d.bullets.length <= MAX_BULLETS
    ) {
      next.bullets.unshift(...d.bullets);
      next.notes.unshift(...d.notes);
      next.spare.unshift(...d.spare);
      out.splice(i, 1);
      i--;
    }
  }
  rebalanceLone(out);
  // a slide left with no bullet at all (only a salutation) gives its notes to a neighbour
  for (let i = 0; i < out.length; i++) {
    const d = out[i]!;
    if (d.bullets.length > 0 || out.length === 1) continue;
    const to = out[i + 1] ?? out[i - 1]!;
    if (out[i + 1]) to.notes.unshift(...d.notes);
    else to.notes.push(...d.notes);
    out.splice(i, 1);
    i--;
  }
  for (const d of out) {
    if (d.kind !== 'points') continue;
    const spare = topPhrases(d.spare, Math.max(0, MIN_BULLETS - d.bullets.length));
    if (d.bullets.length < MIN_BULLETS && spare.length > 0) {
      // keep reading order: the spare phrases go where their source sentence is
      const all = [
        ...d.bullets.map((b) => ({ b, at: order(d.notes, b.phrases[b.phrases.length - 1]!) })),
        ...spare.map((x) => ({ b: bullet([x]), at: order(d.notes, x) })),
      ];
      all.sort((x, y) => x.at - y.at);
      d.bullets = all.map((x) => x.b);
    }
  }
  return out;
}

/** A bullet's rank for keeping it when a slide has too many: its best phrase (a lead ranks first). */
function bulletScore(b: DraftBullet): number {
  return Math.max(...b.phrases.map((p) => p.score));
}

/**
 * A one-bullet slide whose neighbours are too full to take it is folded into one: the neighbour's
 * notes take its paragraphs and its bullets are the five best of both.
 */
function rebalanceLone(out: SlideDraft[]): void {
  for (let i = 0; i < out.length; i++) {
    const d = out[i]!;
    if (d.kind !== 'points' || d.bullets.length !== 1 || out.length === 1) continue;
    const prev = out[i - 1];
    // fold: into the next slide when this one opens the part, else into the one before
    const next = out[i + 1];
    const into = i === 0 || prev?.kind !== 'points' ? next : prev;
    if (into?.kind !== 'points') continue;
    const before = into === next;
    // a slide headed by its paragraph's lead takes the lone slide's (the part's) headline, the lead a bullet
    const own = before && into.lead && into.headline !== d.headline ? [bullet([into.lead])] : [];
    if (own.length) {
      into.headline = d.headline;
      delete into.lead;
    }
    const all = before ? [...d.bullets, ...own, ...into.bullets] : [...into.bullets, ...d.bullets];
    const keep = new Set([...all].sort((x, y) => bulletScore(y) - bulletScore(x)).slice(0, MAX_BULLETS));
    into.bullets = all.filter((b) => keep.has(b));
    if (before) into.notes.unshift(...d.notes);
    else into.notes.push(...d.notes);
    into.spare.push(...d.spare);
    out.splice(i, 1);
    i--;
  }
}

/** Position of a phrase in a slide's notes (note index, then offset), for reading order. */
function order(notes: string[], p: KeyPhrase): number {
  for (let i = 0; i < notes.length; i++) {
    const at = notes[i]!.indexOf(p.source);
    if (at >= 0) return i * 1e6 + at + p.from;
  }
  return Number.MAX_SAFE_INTEGER;
}
