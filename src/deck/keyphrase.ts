// Key phrases: what a slide shows of a paragraph. A key phrase is the text's own words — a run of
// whole clauses of one sentence, a paragraph's lead, the head of an enumeration item (一是坚持规划引领
// → 坚持规划引领), or a quoted slogan — never a sentence cut at an arbitrary point. Condensing only
// drops connectives and fillers at the start (当前、同时、我们、也就是说…), at word boundaries (jieba),
// and records what it dropped, so every phrase can be checked against its source (`isAligned`).
import { CLOSING_BRACKETS, hasHan } from '../cjk';
import {
  CLOSES,
  ENDS_PART,
  ENDS_PHRASE_CLAUSE,
  findEnumeration,
  OPENS,
  PHRASE_CLAUSE_ENDS,
  splitSentences,
  unitClasses,
} from './text';
import { wordBoundaries, words } from './segment';
import { GenerationMap, LruMap, rebuildsExpected, registerCache } from '../cache';

/** `question`: an interviewer's question condensed (a dialogue slide's headline or labelled line) */
export type PhraseKind = 'lead' | 'item' | 'slogan' | 'clause' | 'heading' | 'question';

export interface KeyPhrase {
  /** What the slide shows */
  text: string;
  /** The sentence (or ；-part of one) it comes from, verbatim from the paragraph (findable in the notes) */
  source: string;
  /** [from, to) in `source`: the clauses (or the quotation) the phrase was taken from */
  from: number;
  to: number;
  /** Words dropped from the start of source.slice(from, to), in order */
  dropped: string[];
  kind: PhraseKind;
  /** Ranking among a paragraph's phrases (higher is better) */
  score: number;
}

/** Target length of a key phrase in characters, and the longest accepted. */
export const PHRASE_MIN = 6;
export const PHRASE_GOOD = 20;
export const PHRASE_MAX = 24;
/** For a sentence with no clause run of PHRASE_MAX or less */
export const PHRASE_LONG = 32;

/** Connectives and fillers dropped at the start of a phrase (whole words only). */
const FILLERS = [
  '也就是说',
  '就是说',
  '大家都知道',
  '大家知道',
  '我们知道',
  '众所周知',
  '总的来说',
  '总而言之',
  '另一方面',
  '一方面',
  '可以说',
  '应该说',
  '说实话',
  '实际上',
  '事实上',
  '我认为',
  '我觉得',
  '我们认为',
  '我们觉得',
  '个人认为',
  '同志们',
  '各位',
  '当前',
  '目前',
  '现在',
  '同时',
  '此外',
  '另外',
  '因此',
  '所以',
  '但是',
  '然而',
  '而且',
  '并且',
  '那么',
  '其实',
  '为此',
  '从而',
  '进而',
  '总之',
  '首先',
  '其次',
  '再次',
  '然后',
  '最后',
  '我们',
  '我想',
  '但',
  '而',
  '也',
  '并',
  '我',
];

const CLAUSE_END = PHRASE_CLAUSE_ENDS;
const TRAILING = /[，；：。！？、,;:…\s]+$/;
const FIGURE = /\d|[一二三四五六七八九十两百千万亿]+[个家项类种名条亿万%倍级心]/;

/**
 * Characters counted for a phrase's length (punctuation included, as the eye sees it): code points,
 * as `[...text].length` counts them (a lone surrogate counts as one), without making the array —
 * every candidate phrase of every paragraph is measured.
 */
export function phraseLength(text: string): number {
  let n = text.length;
  for (let i = 0; i + 1 < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--; // a surrogate pair: one character
        i++;
      }
    }
  }
  return n;
}

/** [start, end) of each clause of a sentence (end before its mark), never inside quotes or brackets. */
export function clauseRanges(sentence: string): [number, number][] {
  // by each unit's code and classes (text.ts unitClasses), not as one-character strings and sets
  const cls = unitClasses();
  const out: [number, number][] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < sentence.length; i++) {
    const c = cls[sentence.charCodeAt(i)]!;
    if (c === 0) continue;
    if (c & OPENS) depth++;
    else if (c & CLOSES) depth = Math.max(0, depth - 1);
    else if (depth === 0 && c & ENDS_PHRASE_CLAUSE) {
      if (i > start) out.push([start, i]);
      start = i + 1;
    }
  }
  let end = sentence.length;
  // a closing quote after the final mark belongs to a quotation that is part of the clause
  while (end > start && (cls[sentence.charCodeAt(end - 1)]! & (ENDS_PHRASE_CLAUSE | CLOSES)) === ENDS_PHRASE_CLAUSE)
    end--;
  if (end > start) out.push([start, end]);
  return out;
}

/** The fillers' first characters (dropFillers tries the fillers only on a text starting with one) */
const FILLER_FIRST: ReadonlySet<string> = new Set(FILLERS.map((f) => f.charAt(0)));
/** How often dropFillers tried the fillers one by one (tests) */
export const fillerScans = { count: 0 };

/** Drops fillers at the start of `text` (whole words only); returns the rest and what was dropped. */
export function dropFillers(text: string): { rest: string; dropped: string[] } {
  const dropped: string[] = [];
  let rest = text;
  for (let again = true; again; ) {
    again = false;
    // a filler can only open a text that starts with its first character: most clause heads start with none
    if (!FILLER_FIRST.has(rest.charAt(0))) break;
    fillerScans.count++;
    for (const f of FILLERS) {
      if (!rest.startsWith(f)) continue; // (before slicing: the rest is cut only after a filler)
      // 我们的工作: a filler that qualifies the next word stays
      const after = rest.slice(f.length);
      if (!after.startsWith('的') && (after === '' || wordBoundaries(rest).has(f.length))) {
        // the pause after a filler goes with it (同志们，乡村振兴… → 乡村振兴…)
        const cut = /^[，,：:]/.test(rest.slice(f.length)) ? f.length + 1 : f.length;
        dropped.push(rest.slice(0, cut));
        rest = rest.slice(cut);
        again = true;
        break;
      }
    }
  }
  return { rest, dropped };
}

/**
 * True if `p.text` is `p.source.slice(p.from, p.to)` with `p.dropped` removed from its start, the
 * range starting and ending at clause boundaries (or being one whole quotation).
 */
export function isAligned(p: KeyPhrase): boolean {
  if (p.from < 0 || p.to > p.source.length || p.from >= p.to) return false;
  let span = p.source.slice(p.from, p.to);
  if (p.kind === 'slogan') return span === p.text && span.startsWith('“') && span.endsWith('”');
  // a sub-heading shown as a bullet: the heading without its final stop
  if (p.kind === 'heading') {
    const rest = p.dropped.reduce((t, d) => (t.startsWith(d) ? t.slice(d.length) : '\u0000'), p.source);
    return p.from === 0 && p.to === p.source.length && rest.replace(TRAILING, '') === p.text;
  }
  const before = p.from === 0 ? '' : p.source[p.from - 1]!;
  const after = p.to === p.source.length ? '' : p.source[p.to]!;
  const boundaryBefore = before === '' || CLAUSE_END.includes(before);
  const boundaryAfter =
    after === '' || CLAUSE_END.includes(after) || (CLOSING_BRACKETS.has(after) && p.kind === 'lead');
  if (!boundaryBefore || !boundaryAfter) return false;
  for (const d of p.dropped) {
    if (!span.startsWith(d)) return false;
    span = span.slice(d.length);
  }
  return span.replace(TRAILING, '') === p.text;
}

/** Function words a phrase cannot open on: it would read without its subject (是这个岗位…的职责, 就要…). */
const NO_SUBJECT = new Set([
  ...['是', '的', '和', '也', '就', '都', '才', '却', '则', '与', '及', '或', '又', '而', '并', '地', '得'],
  ...['就要', '就是', '也要', '也是', '都要', '都是', '才能', '才会'],
]);

/** True if `text` opens on a function word (its first jieba word), so it lacks its subject: not a bullet. */
export function lacksSubject(text: string): boolean {
  const first = words(text)[0];
  return first !== undefined && NO_SUBJECT.has(first);
}

/** A noun phrase ending on 的 with no verb to be or have (革命政策中特别重要的): a topic, not a statement. */
export function danglingTopic(text: string): boolean {
  return /的$/.test(text) && !/[是有]/.test(text);
}

/** Salutations and closing formulas: never key points. */
const SALUTATION = /^(?:尊敬的|各位|亲爱的|同志们|同学们|朋友们|女士们|老师们)[^。！？]{0,40}[：:！!]$/;
const CLOSING =
  /^(?:(?:再次|最后)?[，,]?(?:衷心)?(?:谢谢|感谢)(?:大家|各位|您)?(?:的(?:聆听|倾听|关注))?[！。!]?|(?:我的)?(?:发言|汇报|讲话)(?:就)?(?:到这里|完毕)[，。！]?(?:谢谢(?:大家)?[！。]?)?)$/;

/** True for a paragraph or sentence that is only a salutation (同志们：) or a closing (谢谢大家！). */
export function isFormula(text: string): boolean {
  const t = text.trim();
  return SALUTATION.test(t) || CLOSING.test(t);
}

/** What ranking key phrases reads of the document: a word's idf (the planner records these reads). */
export interface WordWeights {
  idf(word: string): number;
}

/** Term weights over one document: tf in the paragraph × idf over the document's paragraphs. */
export class TermWeights implements WordWeights {
  private readonly df = new Map<string, number>();
  private readonly n: number;

  constructor(paragraphs: string[]) {
    this.n = paragraphs.length;
    for (const p of paragraphs) for (const w of distinctContentWords(p)) this.df.set(w, (this.df.get(w) ?? 0) + 1);
  }

  idf(word: string): number {
    return Math.log((this.n + 1) / ((this.df.get(word) ?? 0) + 0.5));
  }
}

const paragraphWords = registerCache(
  'deck: distinct content words by paragraph',
  new GenerationMap<string, string[]>(),
);

/** A paragraph's content words, each once (every plan counts them for every paragraph; kept for watch). */
function distinctContentWords(text: string): string[] {
  let w = paragraphWords.get(text);
  if (!w) {
    w = [...new Set(contentWords(text))];
    if (paragraphWords.size > 20_000) paragraphWords.clear();
    paragraphWords.set(text, w);
  }
  return w;
}

/**
 * The fillers as a set, for contentWords: every word of every candidate phrase is tested, and
 * FILLERS.includes compared it with each of the ~50 fillers in turn (~3 % of the slide worker's work).
 */
const FILLER_WORDS: ReadonlySet<string> = new Set(FILLERS);

/** Words that carry content: two or more characters with a Han character, no filler. */
function contentWords(text: string): string[] {
  return words(text).filter((w) => w.length >= 2 && hasHan(w) && !FILLER_WORDS.has(w));
}

/** A clause that only sets the scene (在推进…中, 通过…): not a key point on its own. */
const ADVERBIAL =
  /^(?:在|从|对于|为了|随着|围绕|按照|通过|根据|面对|针对)[^，；]*(?:中|上|下|时|里|后|前|方面|过程中|背景下)?$/;
/** A clause whose main clause follows (只有…才…, 不仅…还…, 如果…就…): cut after it, the thought is unfinished. */
const SUBORDINATE = /^(?:只有|不仅|不但|如果|假如|虽然|尽管|因为|由于|既|一方面|无论|不管|即使|哪怕|当|看到|为了)/;

function lengthFactor(len: number): number {
  if (len < PHRASE_MIN) return 0;
  if (len < 8) return 0.75;
  if (len <= PHRASE_GOOD) return 1;
  return 0.8;
}

interface Unit {
  /** The sentence the unit belongs to */
  sentence: string;
  /** Offset of the unit in the sentence */
  offset: number;
  text: string;
  /** An enumeration marker at its start, dropped from its phrase */
  marker: string;
}

/** A paragraph's phrases: the best one of each sentence part (；), ranked; and its enumeration heads. */
export interface ParagraphPhrases {
  /** The lead (run-in head or first sentence) as a phrase, when the paragraph has one */
  lead: KeyPhrase | null;
  /** Enumeration item heads, in order (一是…二是…) */
  items: KeyPhrase[];
  /** Other phrases in reading order, each with its score */
  phrases: KeyPhrase[];
  /** Second phrases of long sentences (other clauses than their best), for a slide with too few */
  seconds: KeyPhrase[];
}

/** The best phrase of one unit (sentence or ；-part), or null when no clause run fits. */
function bestOfUnit(
  u: Unit,
  weights: WordWeights,
  paragraphTf: Map<string, number>,
  first: boolean,
  maxLength = PHRASE_MAX,
): { best: KeyPhrase; second: KeyPhrase | null } | null {
  const ranges = clauseRanges(u.text);
  let best: KeyPhrase | null = null;
  const all: KeyPhrase[] = [];
  for (let i = 0; i < ranges.length; i++) {
    const from = ranges[i]![0];
    let marker = '';
    let head = u.text.slice(from, ranges[i]![1]);
    if (i === 0 && u.marker && head.startsWith(u.marker)) {
      // the pause after a marker goes with it (第二、军民一致的原则 → 军民一致的原则)
      marker = u.marker + (/^[、：:]/.exec(head.slice(u.marker.length))?.[0] ?? '');
      head = head.slice(marker.length);
    }
    // 「第一，」: the marker is the whole first clause; the item's phrase starts with the next one
    const markerClause = u.marker !== '' && i === 1 && u.text.slice(ranges[0]![0], ranges[0]![1]) === u.marker;
    const lead = dropFillers(head);
    if (!lead.rest || !hasHan(lead.rest)) continue;
    for (let j = i; j < ranges.length; j++) {
      const to = ranges[j]![1];
      const raw = u.text.slice(from + marker.length, to);
      const text = raw.slice(lead.dropped.join('').length).replace(TRAILING, '');
      const len = phraseLength(text);
      if (len > maxLength) break;
      const lf = lengthFactor(len);
      // a stage direction（全场鼓掌）is no key point
      if (!lf || isFormula(text) || /^[（(][^）)]*[）)]$/.test(text) || lacksSubject(text)) continue;
      let weight = 0;
      for (const w of new Set(contentWords(text))) weight += (paragraphTf.get(w) ?? 1) * weights.idf(w);
      let score = (weight / Math.sqrt(len)) * lf;
      const lastClause = u.text.slice(ranges[j]![0], to);
      const atEnd = j === ranges.length - 1;
      // 革命政策中特别重要的，是…: a topic that ends on 的 before its sentence goes on says nothing yet
      if (!atEnd && danglingTopic(text)) continue;
      if (i === j && ADVERBIAL.test(text)) score *= 0.3;
      if (!atEnd && SUBORDINATE.test(i === j ? text : lastClause)) score *= 0.4;
      if (i > 0 && !atEnd) score *= 0.8; // a fragment from the middle of a sentence
      if (i === 0) score *= 1.3; // the topic of a Chinese sentence comes first
      if (first) score *= 1.15;
      if (FIGURE.test(text)) score *= 1.15;
      const candidate: KeyPhrase = {
        text,
        // a ；-part is the source: parallel parts of one long sentence may go to different slides
        source: u.text,
        from,
        to,
        dropped: marker ? [marker, ...lead.dropped] : lead.dropped,
        kind: marker || markerClause ? 'item' : 'clause',
        score,
      };
      all.push(candidate);
      if (!best || score > best.score) best = candidate;
    }
  }
  if (!best) return null;
  // the best run of other clauses of the same part: a spare for a slide with too little on it
  const b = best;
  const second = all
    .filter((c) => c.kind === 'clause' && (c.to <= b.from || c.from >= b.to))
    .sort((x, y) => y.score - x.score)[0];
  return { best, second: second ? { ...second, score: second.score * 0.5 } : null };
}

/** Quoted slogans of a sentence (“定了就干，干就干成”): whole quotations of 6–20 characters with a pause inside. */
function slogans(sentence: string): KeyPhrase[] {
  const out: KeyPhrase[] = [];
  for (const m of sentence.matchAll(/“([^“”]{5,18})”/g)) {
    if (!/[，；]/.test(m[1]!)) continue;
    out.push({
      text: m[0],
      source: sentence,
      from: m.index,
      to: m.index + m[0].length,
      dropped: [],
      kind: 'slogan',
      score: 0,
    });
  }
  return out;
}

/** Splits a sentence into its ；-parts with offsets. */
export function semicolonUnits(sentence: string, marker = ''): Unit[] {
  // by each unit's code and classes (text.ts unitClasses), not as one-character strings and sets
  const cls = unitClasses();
  const units: Unit[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= sentence.length; i++) {
    const c = i < sentence.length ? cls[sentence.charCodeAt(i)]! : 0;
    if (c & OPENS) depth++;
    else if (c & CLOSES) depth = Math.max(0, depth - 1);
    if (i === sentence.length || (depth === 0 && c & ENDS_PART)) {
      const text = sentence.slice(start, i + (i < sentence.length ? 1 : 0));
      if (text.trim()) units.push({ sentence, offset: start, text, marker: units.length === 0 ? marker : '' });
      start = i + 1;
    }
  }
  return units;
}

/** Paragraphs whose phrases are kept, least recently used out first (~5 KB each: ~10 MB at most) */
const KEPT_PHRASES_MAX = 2000;
const keptPhrases = registerCache(
  'deck: key phrases by paragraph and lead, with the idf they read',
  new LruMap<string, { idf: [word: string, idf: number][]; phrases: ParagraphPhrases }>(KEPT_PHRASES_MAX),
);
/** How often a paragraph's key phrases were kept from an earlier plan, and how often found (tests) */
export const phraseReuse = { hits: 0, misses: 0 };

/** A copy whose lists the planner may change without changing the kept ones. */
const copyPhrases = (p: ParagraphPhrases): ParagraphPhrases => ({
  lead: p.lead,
  items: [...p.items],
  phrases: [...p.phrases],
  seconds: [...p.seconds],
});

/**
 * The key phrases of a paragraph. `lead` is the text of its lead sentence (run-in head or first
 * sentence) when the planner uses one, so that the remaining phrases come from the rest.
 *
 * A pure function of the text, the lead and the idf of the words it asks `weights` for; under watch
 * (`expectRebuilds`) the phrases are kept with those idf values and given again while each is
 * unchanged, so re-planning a part after an edit finds phrases again only for the edited paragraph
 * (the deck plan's memo, plan.ts, keeps whole parts the same way). The reads are made again on the
 * given `weights`, so a caller recording them sees the same reads either way.
 */
export function paragraphPhrases(text: string, lead: string, weights: WordWeights): ParagraphPhrases {
  const key = `${lead.length}:${lead}${text}`;
  const kept = keptPhrases.get(key);
  if (kept?.idf.every(([w, v]) => weights.idf(w) === v)) {
    phraseReuse.hits++;
    return copyPhrases(kept.phrases);
  }
  phraseReuse.misses++;
  if (!rebuildsExpected()) return findPhrases(text, lead, weights);
  const idf = new Map<string, number>();
  const phrases = findPhrases(text, lead, {
    idf: (word) => {
      const v = weights.idf(word);
      idf.set(word, v);
      return v;
    },
  });
  keptPhrases.set(key, { idf: [...idf], phrases });
  return copyPhrases(phrases);
}

function findPhrases(text: string, lead: string, weights: WordWeights): ParagraphPhrases {
  const tf = new Map<string, number>();
  for (const w of contentWords(text)) tf.set(w, (tf.get(w) ?? 0) + 1);
  let body = text;
  let leadPhrase: KeyPhrase | null = null;
  if (lead && text.startsWith(lead)) {
    const ranges = clauseRanges(lead);
    const to = ranges.length ? ranges[ranges.length - 1]![1] : lead.length;
    // 一是坚持规划引领 → 坚持规划引领: the marker is dropped like a filler
    const marker = /^(?:[一二三四五六七八九十]是|第[一二三四五六七八九十][，、]?)/.exec(lead)?.[0] ?? '';
    const d0 = dropFillers(lead.slice(marker.length, to));
    const d = { rest: d0.rest, dropped: marker ? [marker, ...d0.dropped] : d0.dropped };
    leadPhrase = {
      text: d.rest.replace(TRAILING, ''),
      source: lead,
      from: 0,
      to,
      dropped: d.dropped,
      kind: 'lead',
      score: Infinity,
    };
    body = text.slice(lead.length);
  }
  const items: KeyPhrase[] = [];
  const seconds: KeyPhrase[] = [];
  const phrases: KeyPhrase[] = [];
  const sentences = splitSentences(body);
  const en = findEnumeration(body);
  let first = true;
  for (const sentence of sentences) {
    if (isFormula(sentence)) continue;
    // an enumeration marker at the start of a sentence or a ；-part makes its phrase an item head
    const marker = en?.items.find((it) => sentence.startsWith(it.marker))?.marker ?? '';
    const units = semicolonUnits(sentence, marker);
    for (const u of units) {
      const m = en?.items.find((it) => u.text.startsWith(it.marker))?.marker ?? '';
      const unit = { ...u, marker: m };
      // a sentence of long clauses only: its best clause up to a line and a half rather than nothing
      const found = bestOfUnit(unit, weights, tf, first) ?? bestOfUnit(unit, weights, tf, first, PHRASE_LONG);
      first = false;
      if (!found) continue;
      const best = found.best;
      if (found.second) seconds.push(found.second);
      if (m) items.push(best);
      else phrases.push(best);
    }
    for (const s of slogans(sentence)) {
      // a slogan counts when the sentence gave no phrase of its own or the slogan is the better key point
      const mine = phrases.filter((p) => p.source === sentence);
      if (mine.some((p) => p.text.includes(s.text))) continue;
      s.score = mine.length ? Math.max(...mine.map((p) => p.score)) * 0.9 : 1;
      phrases.push(s);
    }
  }
  return { lead: leadPhrase, items, phrases, seconds };
}

/** The `k` best phrases, in reading order. */
export function topPhrases(phrases: KeyPhrase[], k: number): KeyPhrase[] {
  const ranked = [...phrases].sort((a, b) => b.score - a.score).slice(0, Math.max(0, k));
  return phrases.filter((p) => ranked.includes(p));
}
