// Composes a part's key-point slides from its paragraphs: which paragraph gets a slide of its own
// (a short lead and enough to say under it), which parallel paragraphs share one slide (规划先行。…
// 项目为王。…; 一是…二是…; 心中有党…心中有民…), which gather under the part's headline, and which
// small slides merge with a neighbour. No measuring here: `fitsHeadline` is the planner's.
import type { Paragraph } from '../model';
import { headlineText, splitSentences, trimHedges } from './text';
import {
  isFormula,
  type KeyPhrase,
  PHRASE_GOOD,
  PHRASE_MAX,
  type ParagraphPhrases,
  paragraphPhrases,
  phraseLength,
  type TermWeights,
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

const SERIES = /^(?:([一二三四五六七八九十])是|第([一二三四五六七八九十])[，、：,]?)/;
const CN_NUMS = '一二三四五六七八九十';

function seriesNumber(text: string): number {
  const m = SERIES.exec(text);
  return m ? CN_NUMS.indexOf((m[1] ?? m[2])!) + 1 : 0;
}

function bullet(phrases: KeyPhrase[], strong?: KeyPhrase): DraftBullet {
  return {
    strong: strong?.text ?? '',
    text: phrases.map((p) => p.text).join(''),
    phrases: strong ? [strong, ...phrases] : phrases,
  };
}

export interface ComposeOptions {
  weights: TermWeights;
  /** True if `text` fits one headline line */
  fitsHeadline: (text: string) => boolean;
  /** A part that is a talk may end on a quote slide */
  talk: boolean;
}

function analyse(p: Paragraph, o: ComposeOptions): Analysed {
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
  if (p.lead && p.text.startsWith(p.lead)) leadSource = p.lead;
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
  return { p, headline, leadSource, phrases: paragraphPhrases(p.text, leadSource, o.weights), formula: false };
}

/** Indices [start, end) of runs of parallel paragraphs. */
function parallelRuns(list: Analysed[]): [number, number][] {
  const runs: [number, number][] = [];
  let i = 0;
  while (i < list.length) {
    let j = i;
    // a run of run-in heads from the source (规划先行。项目为王。…)
    while (j < list.length && list[j]!.p.lead && list[j]!.headline && phraseLength(list[j]!.headline!) <= PHRASE_GOOD)
      j++;
    if (j - i >= 2) {
      runs.push([i, j]);
      i = j;
      continue;
    }
    // 一是…/二是… or 第一…/第二… opening consecutive paragraphs
    j = i;
    while (j < list.length && seriesNumber(list[j]!.p.text) === j - i + 1) j++;
    if (j - i >= 2) {
      runs.push([i, j]);
      i = j;
      continue;
    }
    // three or more lead sentences sharing their first two characters (心中有党…心中有民…)
    const prefix = list[i]!.headline?.slice(0, 2);
    j = i;
    while (
      prefix &&
      j < list.length &&
      list[j]!.headline?.startsWith(prefix) &&
      phraseLength(list[j]!.headline!) <= PHRASE_GOOD
    )
      j++;
    if (j - i >= 3) {
      runs.push([i, j]);
      i = j;
      continue;
    }
    i++;
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

/** A quotable closing sentence: short, two or more clauses, no first person, not a formula. */
function quotable(sentence: string): boolean {
  const t = headlineText(sentence);
  const len = phraseLength(t);
  return len >= 10 && len <= 30 && /[，；]/.test(t) && !/[我你您]|谢谢|感谢/.test(t) && !isFormula(sentence);
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

/** The key-point slides of a part's paragraphs. */
export function composePart(paragraphs: Paragraph[], o: ComposeOptions): SlideDraft[] {
  const list = paragraphs.map((p) => analyse(p, o));
  const runs = parallelRuns(list.map((a) => (a.formula ? { ...a, headline: null } : a)));
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

  // a talk's closing sentence worth a slide of its own
  let quoteAt = -1;
  if (o.talk) {
    let last = list.length - 1;
    while (last >= 0 && list[last]!.formula) last--;
    const inRun = runs.some(([s, e]) => last >= s && last < e);
    const a = list[last];
    if (a && !inRun && !a.headline && last > 0) {
      const sentences = splitSentences(a.p.text).filter((s) => !isFormula(s));
      const s = sentences[sentences.length - 1];
      if (sentences.length === 1 && s && quotable(s)) quoteAt = last;
    }
  }

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
    if (i === quoteAt) {
      flushPool();
      const s = splitSentences(a.p.text).filter((x) => !isFormula(x))[0]!;
      const text = headlineText(s);
      const phrase: KeyPhrase = { text, source: s, from: 0, to: text.length, dropped: [], kind: 'clause', score: 0 };
      drafts.push({ kind: 'quote', headline: null, bullets: [bullet([phrase])], notes: [a.p.text], spare: [] });
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

/** Index of the note a bullet comes from (its last phrase's source), or -1. */
function noteOf(notes: string[], b: DraftBullet): number {
  const p = b.phrases[b.phrases.length - 1];
  return p ? notes.findIndex((n) => n.includes(p.source)) : -1;
}

/** A bullet's rank for keeping it when a slide has too many: its best phrase (a lead ranks first). */
function bulletScore(b: DraftBullet): number {
  return Math.max(...b.phrases.map((p) => p.score));
}

/**
 * A one-bullet slide whose neighbours are too full to take it: it takes the last paragraph (with its
 * bullets) of the slide before when both keep two or more; failing that it is folded into a
 * neighbour, whose notes take its paragraphs and whose bullets are the five best of both.
 */
function rebalanceLone(out: SlideDraft[]): void {
  for (let i = 0; i < out.length; i++) {
    const d = out[i]!;
    if (d.kind !== 'points' || d.bullets.length !== 1 || out.length === 1) continue;
    const prev = out[i - 1];
    if (prev?.kind === 'points' && prev.notes.length >= 2) {
      const last = prev.notes.length - 1;
      const moving = prev.bullets.filter((b) => noteOf(prev.notes, b) === last);
      const staying = prev.bullets.length - moving.length;
      if (moving.length > 0 && staying >= 2 && moving.length + 1 <= MAX_BULLETS && d.headline === prev.headline) {
        prev.bullets = prev.bullets.filter((b) => !moving.includes(b));
        d.bullets.unshift(...moving);
        d.notes.unshift(prev.notes.pop()!);
        continue;
      }
    }
    // fold: into the next slide when this one opens the part, else into the one before
    const next = out[i + 1];
    const into = i === 0 || prev?.kind !== 'points' ? next : prev;
    if (!into || into.kind !== 'points') continue;
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
