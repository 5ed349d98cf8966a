// Reading key points out of Chinese speech paragraphs: sentences, clauses, hedges, enumerations.
// Pure string work, no measuring (see measure.ts) and no layout (see plan.ts).

import { CLOSING_BRACKETS, OPENING_BRACKETS, SENTENCE_ENDS } from '../cjk';

// ASCII ! and ? are left out of SENTENCE_ENDS: in normalised Chinese text they only occur inside Latin text

/** Classes of a UTF-16 unit for the deck's scans (bits: every mark they look for is one unit) */
export const OPENS = 1;
export const CLOSES = 2;
/** 。？！… (splitSentences) */
const ENDS_SENTENCE = 4;
/** ，；：,; (splitClauses) */
const ENDS_CLAUSE = 8;
/** Where a key phrase's clause ends (keyphrase.ts clauseRanges, isAligned) */
export const PHRASE_CLAUSE_ENDS = '，；：。！？…,;:!?';
export const ENDS_PHRASE_CLAUSE = 16;
/** ；; — where a sentence's ；-parts end (keyphrase.ts semicolonUnits) */
export const ENDS_PART = 32;

let classes: Uint8Array | undefined;

/**
 * Each UTF-16 unit's classes, made on first use: the scans read a unit's code and look its classes
 * up, instead of taking every character as a one-character string (a new string for each Han
 * character) and asking a set or two for it — they run over every paragraph of a cold deck in V8's
 * interpreter.
 */
export function unitClasses(): Uint8Array {
  if (classes) return classes;
  const table = new Uint8Array(0x10000);
  const mark = (chars: Iterable<string>, bit: number) => {
    for (const c of chars) {
      if (c.length !== 1) throw new Error(`deck scans: ${c} is not one UTF-16 unit`);
      table[c.charCodeAt(0)]! |= bit;
    }
  };
  mark(OPENING_BRACKETS, OPENS);
  mark(CLOSING_BRACKETS, CLOSES);
  mark([...SENTENCE_ENDS, '…'], ENDS_SENTENCE);
  mark('，；：,;', ENDS_CLAUSE);
  mark(PHRASE_CLAUSE_ENDS, ENDS_PHRASE_CLAUSE);
  mark('；;', ENDS_PART);
  classes = table;
  return table;
}

/** Splits a paragraph into sentences, each keeping its final 。！？ and any closing quotes after it. */
export function splitSentences(text: string): string[] {
  return splitAt(text, ENDS_SENTENCE);
}

/** Splits a sentence into clauses at ，；： (each keeping its mark), never inside quotes or brackets. */
export function splitClauses(sentence: string): string[] {
  return splitAt(sentence, ENDS_CLAUSE);
}

/** `piece` trimmed, onto `out` unless nothing is left */
function pushTrimmed(out: string[], piece: string): void {
  const t = piece.trim();
  if (t) out.push(t);
}

/**
 * `text` cut after each mark of class `ends` (with the marks and closing quotes right after it) where
 * no bracket is open. Each piece is sliced from `text` by its UTF-16 offsets (a piece built up
 * character by character was ~2 % of the slide worker's work on a batch's decks). Unit by unit: every
 * mark is a unit of its own, so a surrogate pair is two units of no class, as it was one character.
 */
function splitAt(text: string, ends: number): string[] {
  const cls = unitClasses();
  const out: string[] = [];
  const n = text.length;
  let depth = 0;
  let start = 0; // where the current piece starts
  for (let i = 0; i < n; i++) {
    const c = cls[text.charCodeAt(i)]!;
    if (c === 0) continue;
    if (c & OPENS) depth++;
    else if (c & CLOSES) depth = Math.max(0, depth - 1);
    // ASCII double quotes toggle (normalisation usually turns them into “”)
    if (c & ends) {
      // a run of the same marks (……, ！？) and closing quotes right after it belong to this sentence
      let j = i + 1;
      let d = depth;
      for (; j < n; j++) {
        const next = cls[text.charCodeAt(j)]!;
        if (!(next & (ends | CLOSES))) break;
        if (next & CLOSES) d = Math.max(0, d - 1);
      }
      if (d === 0) {
        pushTrimmed(out, text.slice(start, j));
        i = j - 1;
        start = j;
        depth = 0;
      }
    }
  }
  pushTrimmed(out, text.slice(start));
  return out;
}

/**
 * Hedges and fillers of spoken Chinese that add nothing to a key point. Removed only at the start of
 * a clause, with the comma after them.
 */
const HEDGES = [
  '我个人认为',
  '我个人觉得',
  '个人认为',
  '个人觉得',
  '我认为',
  '我觉得',
  '我想',
  '我们认为',
  '我们觉得',
  '我们知道',
  '大家知道',
  '大家都知道',
  '众所周知',
  '可以说',
  '应该说',
  '也就是说',
  '就是说',
  '说实话',
  '实际上',
  '其实',
  '那么',
  '总的来说',
  '总而言之',
  '一定程度上',
  '某种意义上',
  '在某种程度上',
];
const HEDGE_RE = new RegExp(`(^|[，；：。！？])\\s*(?:${HEDGES.join('|')})[，,]?`, 'g');

/** Removes hedges at clause starts (「我认为要突出…」→「要突出…」); numbers and names are never touched. */
export function trimHedges(text: string): string {
  let prev = '';
  let out = text;
  // repeat: two hedges can follow each other (「那么，我认为…」)
  while (out !== prev) {
    prev = out;
    out = out.replace(HEDGE_RE, '$1');
  }
  return out.replace(/^[，；：、\s]+/, '').trim();
}

/** Drops the final full stop of a headline (「规划先行。」→「规划先行」); keeps ？！ and closing quotes. */
export function headlineText(sentence: string): string {
  return sentence.replace(/[。．.；;，,：:]+$/, '').trim();
}

export interface Enumeration {
  /** Text before the first marker (often an introducing clause), may be empty */
  intro: string;
  /** One entry per item: its marker (一是, 第二, 其次…) and the rest of the item */
  items: { marker: string; text: string }[];
  /** Text after the sentence holding the last item */
  rest: string;
}

const CN_NUMS = '一二三四五六七八九十';
const SEQ_WORDS = ['首先', '其次', '再次', '然后', '最后'];

interface MarkerHit {
  index: number;
  marker: string;
  /** position in its series (1-based), 0 for sequence words */
  n: number;
  kind: string;
}

function markerHits(text: string): MarkerHit[] {
  const hits: MarkerHit[] = [];
  // a marker counts only at a clause start
  const at = (i: number) => i === 0 || /[，；：。！？\s]/.test(text[i - 1]!);
  const patterns: { re: RegExp; kind: string; num: (m: RegExpExecArray) => number }[] = [
    { re: /([一二三四五六七八九十])是/g, kind: 'shi', num: (m) => CN_NUMS.indexOf(m[1]!) + 1 },
    { re: /第([一二三四五六七八九十])[，、：,]?/g, kind: 'di', num: (m) => CN_NUMS.indexOf(m[1]!) + 1 },
    { re: /[（(]([一二三四五六七八九十])[）)]/g, kind: 'paren', num: (m) => CN_NUMS.indexOf(m[1]!) + 1 },
    { re: /([①②③④⑤⑥⑦⑧⑨⑩])/g, kind: 'circled', num: (m) => '①②③④⑤⑥⑦⑧⑨⑩'.indexOf(m[1]!) + 1 },
    {
      re: new RegExp(`(${SEQ_WORDS.join('|')})[，,]?`, 'g'),
      kind: 'seq',
      num: () => 0,
    },
  ];
  for (const p of patterns) {
    for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
      if (at(m.index)) hits.push({ index: m.index, marker: m[0], n: p.num(m), kind: p.kind });
    }
  }
  return hits.sort((a, b) => a.index - b.index);
}

/**
 * Finds an enumeration (一是……；二是……；三是…… / 第一…第二… / （一）（二） / 首先…其次…最后) in a
 * paragraph: at least two markers of one kind, numbered 1, 2, 3… in order.
 */
export function findEnumeration(text: string): Enumeration | null {
  const hits = markerHits(text);
  for (const kind of ['shi', 'di', 'paren', 'circled', 'seq']) {
    const ofKind = hits.filter((h) => h.kind === kind);
    let series: MarkerHit[] = [];
    if (kind === 'seq') {
      // 首先 must come first; 最后 ends the series
      const first = ofKind.findIndex((h) => h.marker.startsWith('首先'));
      if (first >= 0) {
        series = [ofKind[first]!];
        for (const h of ofKind.slice(first + 1)) {
          series.push(h);
          if (h.marker.startsWith('最后')) break;
        }
      }
    } else {
      const start = ofKind.findIndex((h) => h.n === 1);
      if (start >= 0) {
        series = [ofKind[start]!];
        for (const h of ofKind.slice(start + 1)) {
          if (h.n === series.length + 1) series.push(h);
        }
      }
    }
    if (series.length < 2) continue;
    const intro = text.slice(0, series[0]!.index).trim();
    const items: Enumeration['items'] = [];
    for (let i = 0; i < series.length; i++) {
      const h = series[i]!;
      const from = h.index + h.marker.length;
      const to = i + 1 < series.length ? series[i + 1]!.index : text.length;
      items.push({ marker: h.marker.replace(/[，、：,]$/, ''), text: text.slice(from, to).trim() });
    }
    // the last item ends with its sentence; what follows is the paragraph's rest
    const last = items[items.length - 1]!;
    const sentences = splitSentences(last.text);
    let rest = '';
    if (sentences.length > 1) {
      last.text = sentences[0]!;
      rest = sentences.slice(1).join('');
    }
    return { intro, items, rest };
  }
  return null;
}
