// Phase 1 of transcript recognition: each line classified on its own (plus the host/guest lists,
// which speaker lines are read against). No line's kind depends on its neighbours here.
import { registerCache, rebuildsExpected } from '../cache';
import { CLOSING_FULL_WIDTH, HAN, hanRegExp } from '../cjk';
import type { Change, Speaker } from '../model';
import type { SourceText } from './lines';
import { normalizeLine } from './normalize';
import { charClass, DIGIT, SENTENCE_MARK } from './char-class';
import { headingText, type Recorder, warn } from './record';
import { dialogueSpeakers, type TurnLabel, turnLabelOf } from './dialogue';
import { dateOfLine, type MetaLabel, metaOfLine } from './page-meta';
import { looksLikeName, MAX_SPEAKER_LINE, parseSpeakerLine, splitNames } from './speaker';

// 「主持人：…」, 「【主持人】…」, 「主 持 人：…」
export const HOST_RE =
  /^(?:[【[〔]\s*(?:主\s*持\s*人|主\s*持)\s*[】\]〕]\s*[:：]?|(?:主\s*持\s*人|主\s*持|本期主持|采\s*访\s*组|采访人|采访者)\s*[:：])\s*(.*)$/u;
export const GUEST_RE =
  /^(?:[【[〔]\s*(?:(?:特邀|访谈|发言|论坛|本期|对话)?嘉\s*宾)\s*[】\]〕]\s*[:：]?|(?:(?:特邀|访谈|发言|论坛|本期|对话)?嘉\s*宾|采访对象|受访者|受访人)\s*[:：])\s*(.*)$/u;
/** Headings of an opening section; text may follow on the same line after a colon (「编者按：……」) */
const INTRO_RE = /^[【[〔]?(开坛的话|编者按|编者的话|导语|前言|引言|开篇的话|按语)[】\]〕]?\s*(?:[:：]?\s*(.*))?$/u;
/** What INTRO_RE's line can start with (char-class.ts: the expression tried only on such a line) */
const INTRO_START = charClass('【[〔开编导前引按');
/** A first line that only names the series: 「賨州论坛」, 「【賨州论坛】」 */
const SERIES_WORDS = ['论坛', '讲坛', '大讲堂', '讲堂', '沙龙', '课堂'];
const SERIES_LINE_RE = new RegExp(
  String.raw`^[【[〔《“]?([^\s【】[\]〔〕《》“”，。]{1,12}(?:${SERIES_WORDS.join('|')}))[】\]〕》”]?$`,
  'u',
);
const SERIES_CLOSER = charClass('】]〕》”');
/** The series a line names by itself, or null: SERIES_LINE_RE tried only on a line ending in a series word */
export function seriesLineName(text: string): string | null {
  const body = SERIES_CLOSER.trimEnd(text);
  if (!SERIES_WORDS.some((word) => body.endsWith(word))) return null;
  return SERIES_LINE_RE.exec(text)?.[1] ?? null;
}
/** A whole line in brackets is an editorial note (「（根据录音整理）」), a paragraph as it is */
const NOTE_LINE_RE = /^[（(【[〔][^）)】\]〕]*[）)】\]〕]$/u;
const NOTE_LINE_START = charClass('（(【[〔');
const SALUTATION_RE =
  /^(?:同志们|各位(?:领导|同志|同事|学员|老师|嘉宾)[^。！？]{0,20}|尊敬的[^。！？]{1,40})[:：，,!！]?$/u;
const SALUTATION_START = charClass('同各尊');
/** Chinese numerals of heading marks */
const NUMERAL = charClass('一二三四五六七八九十');
const OPENING_PAREN = charClass('（(');
const startsWithNumeral = (text: string): boolean => NUMERAL.atStart(text);
const startsInParenthesis = (text: string): boolean => OPENING_PAREN.atStart(text);
/** What follows a heading's one or two digits: `^\d{1,2}(?:[.．](?!\d)|、)` */
const NUMBER_STOP = charClass('.．、');
const startsWithNumberStop = (text: string): boolean => {
  const digits = DIGIT.leadingCount(text, 2);
  return digits > 0 && NUMBER_STOP.has(text.charCodeAt(digits));
};
/**
 * Heading marks. `alone`: the mark may make a heading by itself (「一」「第一部分」); `lead`: text after a
 * first sentence makes the mark's sentence a run-in lead; `joined`: the mark is part of the words (「一是」).
 * `start`: whether a line starts as the mark can (its expression is tried only on such a line: char-class.ts);
 * an expression with the Han class is made on its first use (hanRegExp).
 */
const NUMBER_MARKERS: {
  level: number;
  re: RegExp | (() => RegExp);
  start: (text: string) => boolean;
  alone?: boolean;
  joined?: boolean;
}[] = [
  { level: 1, re: /^[一二三四五六七八九十]{1,3}、\s*/u, start: startsWithNumeral },
  // 「第一部分」「第一讲」「第一件　将农民组织在农会里」「第一、文明班级的展示小结」「专题一」
  {
    level: 1,
    re: /^第[一二三四五六七八九十百]{1,3}(?:部分|讲|章|篇|件|节|单元|课|专题)[\s、：:．.]*/u,
    start: (text) => text.startsWith('第'),
    alone: true,
  },
  { level: 1, re: /^第[一二三四五六七八九十]{1,3}[、．.]\s*/u, start: (text) => text.startsWith('第') },
  {
    level: 1,
    re: /^专题[一二三四五六七八九十]{1,3}[\s、：:．.]*/u,
    start: (text) => text.startsWith('专题'),
    alone: true,
  },
  // a bare numeral on its own line: 「一」
  { level: 1, re: /^[一二三四五六七八九十]{1,3}$/u, start: startsWithNumeral, alone: true },
  { level: 2, re: /^[（(][一二三四五六七八九十]{1,3}[）)]\s*/u, start: startsInParenthesis },
  { level: 3, re: /^\d{1,2}(?:[.．](?!\d)|、)\s*/u, start: startsWithNumberStop },
  { level: 4, re: /^[（(]\d{1,2}[）)]\s*/u, start: startsInParenthesis },
  // 「一是加强学习。」: a heading only among sibling headings (resolveHeadings); else a run-in lead
  {
    level: 2,
    re: hanRegExp(String.raw`^[一二三四五六七八九十]{1,2}是(?=${HAN}|“)`, 'u'),
    start: startsWithNumeral,
    joined: true,
  },
];
/** A numeral, a space, a heading: 「一 关于目前形势」 (read from the raw line: the probe may lose the space) */
const NUMERAL_SPACE_RE = /^[一二三四五六七八九十]{1,3}[ \u3000]+(?=\S)/u;
/** Words that head a part of a speech on their own line */
const HEADING_WORDS = new Set([
  '开幕词',
  '闭幕词',
  '开场白',
  '结论',
  '结束语',
  '结语',
  '总结',
  '序言',
  '后记',
  '尾声',
  '附录',
]);
/** 「引　　言」: single characters set apart by spaces (two or more between each, or a full-width one) */
const LETTER_SPACED_RE = hanRegExp(String.raw`^${HAN}(?:[ \u3000]{2,}${HAN}){1,4}$`, 'u');
/** LETTER_SPACED_RE's gap (`[ \u3000]{2}`) looked for first: the expression, its Han class repeated, costs ~1 ms to compile on a cold start */
const WIDE_GAPS = ['  ', ' \u3000', '\u3000 ', '\u3000\u3000'];
const hasWideGap = (text: string): boolean => WIDE_GAPS.some((gap) => text.includes(gap));
const isLetterSpaced = (text: string): boolean => hasWideGap(text) && LETTER_SPACED_RE().test(text);
/** 「晨会发言：」「本周小结：」: an item label on a page of several contributions */
const ITEM_LABEL_RE = hanRegExp(
  String.raw`^([${HAN}\d（）()]{0,10}(?:发言|小结|总结|讲话|致辞|寄语|感言|点评|发言稿|心得|体会|主持词|演讲|演讲稿|寄语))[：:]$`,
  'u',
);
/** Longest numbered line without final punctuation taken as a heading (speech headings run 40–70) */
const MAX_NUMBERED_HEADING = 70;
const DASH_START_RE = /^[—–─―]{1,2}|^-{2}/u;
const DASH_START = charClass('—–─―-');
/** Endings of a line taken for a heading: none of these (isHeadingLike) */
const CLAUSE_END = charClass('，、：:,…');
const COLON_END = charClass('：:');
const FULL_STOP_END = charClass('。！？');
/** A clause comma: a line with one is running text */
const CLAUSE_COMMA = charClass('，、,');
/** What makes a host or guest line dialogue rather than a list of names */
const LIST_BREAKING_MARK = charClass('。？！?!；;：:');
/** Longest line taken to be cut off by a hard line wrap */
export const MAX_WRAP_WIDTH = 80;
/** How a paragraph ends when it is not cut off by a hard line wrap */
export const PARAGRAPH_END = charClass(`。！？；：…⋯${CLOSING_FULL_WIDTH}!?;:)`);

/** A line of running text that stops mid-sentence (long or with clause commas, no closing punctuation) */
export function looksCutOff(text: string): boolean {
  // wrap widths of pasted columns and editors are well under 80 characters; a longer line without
  // closing punctuation is a sentence typed that way, not a wrapped one
  return (
    text.length <= MAX_WRAP_WIDTH &&
    !PARAGRAPH_END.atEnd(text) &&
    (text.length > MAX_HEADING || CLAUSE_COMMA.inText(text))
  );
}
/** Longest line that may be a title; longer lines are running text */
export const MAX_HEADING = 40;
/** Longest first line taken as the document title */
export const MAX_TITLE = 64;
/** Longest run-in heading taken as a paragraph's lead */
const MAX_LEAD = 40;
/** Longest unnumbered lead sentence (「规划先行。」) taken when a part has several of them */
export const MAX_PARALLEL_LEAD = 12;

export type LineKind =
  | { k: 'host'; names: string[] }
  | { k: 'guest'; names: string[] }
  | { k: 'intro'; title: string; rest: string }
  | { k: 'salutation' }
  | {
      k: 'numbered';
      level: number;
      heading: boolean;
      lead: string;
      /** A whole line ending in 。: a heading only when its siblings are headings (resolveHeadings) */
      sentence?: boolean;
      /** The heading's title when it is not the line as normalised (「引　　言」 → 引言) */
      title?: string;
    }
  | { k: 'meta'; label: MetaLabel; value: string }
  | { k: 'date'; date: string }
  | { k: 'turn'; turn: TurnLabel }
  /** 「晨会发言：」: the label of one item on a page of several short contributions */
  | { k: 'itemLabel'; title: string }
  | { k: 'speaker'; speaker: Speaker }
  | { k: 'dashed' }
  | { k: 'headingLike' }
  | { k: 'para' };

function isHeadingLike(text: string): boolean {
  if (text.length > MAX_HEADING) return false;
  if (SENTENCE_MARK.inText(text)) return false;
  return !CLAUSE_END.atEnd(text);
}

export function classifyNumbered(text: string, raw = text): LineKind | null {
  if (HEADING_WORDS.has(text)) return { k: 'numbered', level: 1, heading: true, lead: '' };
  const spaced = raw.trimStart(); // `\s` is what trimStart removes (char-class.ts, WHITE_SPACE)
  if (isLetterSpaced(spaced))
    return { k: 'numbered', level: 1, heading: true, lead: '', title: spaced.replace(/[\s\u3000]+/gu, '') };
  const numeralSpace = NUMERAL.atStart(spaced) ? NUMERAL_SPACE_RE.exec(spaced) : null;
  if (numeralSpace) {
    const rest = spaced.slice(numeralSpace[0].length);
    if (text.length <= MAX_NUMBERED_HEADING && !SENTENCE_MARK.inText(rest) && !/[，、：:,]$/u.test(rest))
      return { k: 'numbered', level: 1, heading: true, lead: '' };
  }
  for (const { level, re, start, alone, joined } of NUMBER_MARKERS) {
    const m = start(text) ? (typeof re === 'function' ? re() : re).exec(text) : null;
    if (!m) continue;
    const rest = text.slice(m[0].length);
    if (rest.length === 0) return alone ? { k: 'numbered', level, heading: true, lead: '' } : null;
    const end = rest.search(/[。！？；：:!?;]/u);
    if (end < 0 || end === rest.length - 1) {
      // a line of its own: a heading if short — and not a sentence with clauses ending in 。, nor a
      // list item ending in ；，、：
      if (/[；;，,、：:]$/u.test(rest)) return { k: 'numbered', level, heading: false, lead: '' };
      const endsSentence = /[。.！？!?]$/u.test(rest);
      const clauses = /[，,；;]/u.test(rest);
      if (joined)
        return { k: 'numbered', level, heading: false, lead: '', sentence: endsSentence && text.length <= MAX_HEADING };
      if (endsSentence) {
        const heading = text.length <= MAX_HEADING && !clauses;
        return { k: 'numbered', level, heading, lead: '', sentence: heading };
      }
      return { k: 'numbered', level, heading: text.length <= MAX_NUMBERED_HEADING, lead: '' };
    }
    const leadLen = m[0].length + end + 1;
    return { k: 'numbered', level, heading: false, lead: leadLen <= MAX_LEAD ? text.slice(0, leadLen) : '' };
  }
  return null;
}

/**
 * The names of a 主持人/嘉宾 line, or null when the line is dialogue (「主持人：请问……？」) rather
 * than a list: a list has no sentence punctuation and short items.
 */
export function nameListLine(re: RegExp, text: string): string | null {
  const m = re.exec(text);
  if (!m) return null;
  const rest = m[1] ?? '';
  if (LIST_BREAKING_MARK.inText(rest)) return null;
  if (splitNames(rest).some((n) => n.length > 8)) return null;
  return rest;
}

/** What separates a byline's names: `/[、，,]/u` */
const BYLINE_SEPARATOR = charClass('、，,');

/**
 * 「戚本禹、张春桥、谢富治」: a byline naming several people (all names, separated by 、 or ，). The names
 * are read one at a time: a line of prose fails at its first clause, not split into all of them first.
 */
function isByline(text: string): boolean {
  let names = 0;
  for (let from = 0; ; names++) {
    const sep = BYLINE_SEPARATOR.indexIn(text, from);
    if (!looksLikeName(text.slice(from, sep < 0 ? text.length : sep).trim())) return false;
    if (sep < 0) return names + 1 >= 2;
    from = sep + 1;
  }
}

export function classify(text: string, guests: ReadonlySet<string>, raw = text): LineKind {
  const hosts = nameListLine(HOST_RE, text);
  if (hosts !== null) return { k: 'host', names: splitNames(hosts) };
  const guests2 = nameListLine(GUEST_RE, text);
  if (guests2 !== null) return { k: 'guest', names: splitNames(guests2) };
  const meta = metaOfLine(text);
  if (meta) return { k: 'meta', ...meta };
  const date = dateOfLine(text);
  if (date) return { k: 'date', date };
  if (isByline(text)) return { k: 'meta', label: 'byline', value: text };
  const letterSpaced = raw.trimStart();
  const compact = isLetterSpaced(letterSpaced) ? letterSpaced.replace(/[\s\u3000]+/gu, '') : text;
  const m = INTRO_START.atStart(compact) ? INTRO_RE.exec(compact) : null;
  // text after the heading only with a colon or brackets: 「编者按：…」, 「【编者按】…」 (not 「前言部分…」)
  if (m && (!m[2] || /^[【[〔]|^\S+?[:：】\]〕]/u.test(compact.slice(0, compact.length - m[2].length))))
    return { k: 'intro', title: m[1]!, rest: (m[2] ?? '').trim() };
  if (SALUTATION_START.atStart(text) && SALUTATION_RE.test(text)) return { k: 'salutation' };
  const numbered = classifyNumbered(text, raw);
  if (numbered) return numbered;
  if (text.length <= MAX_SPEAKER_LINE) {
    // 「…主任 黄守宏：」: a speaker line may end in a colon
    const speaker = parseSpeakerLine(COLON_END.trimEnd(text), guests);
    if (speaker) return { k: 'speaker', speaker };
  }
  const item = COLON_END.atEnd(text) ? ITEM_LABEL_RE().exec(text) : null;
  if (item) return { k: 'itemLabel', title: item[1]! };
  if (text.length <= MAX_SPEAKER_LINE && NOTE_LINE_START.atStart(text) && NOTE_LINE_RE.test(text)) return { k: 'para' };
  if (
    DASH_START.atStart(text) &&
    DASH_START_RE.test(text) &&
    text.length <= MAX_HEADING * 2 &&
    !FULL_STOP_END.atEnd(text)
  )
    return { k: 'dashed' };
  if (isHeadingLike(text)) return { k: 'headingLike' };
  return { k: 'para' };
}

/**
 * Each line's kind kept by its raw text, under watch only (`expectRebuilds`): `classify` is a pure
 * function of the line (its probe is the raw text normalised) and, for a line short enough to be a
 * speaker line, of the guest list — so a rebuild after an edit classifies the edited lines only.
 * Long paragraphs made it ~a third of recognising the sample (regular expressions over each line).
 */
const keptKinds = registerCache('source: line kinds by raw text', new Map<string, KeptKind>());
const KINDS_KEPT = 8_192;
interface KeptKind {
  probe: string;
  /** The guest list it was classified against (`guestsKey`) — checked for short lines only */
  guests: string;
  kind: LineKind;
}
/** How many lines were classified, and how many kinds were taken from `keptKinds` (tests). */
export const lineClassifying = { runs: 0, reused: 0 };

function classifyKept(probe: string, guests: ReadonlySet<string>, guestsKey: string, raw: string): LineKind {
  const kept = keptKinds.get(raw);
  if (kept && kept.probe === probe && (kept.guests === guestsKey || probe.length > MAX_SPEAKER_LINE)) {
    lineClassifying.reused++;
    return kept.kind;
  }
  lineClassifying.runs++;
  const kind = classify(probe, guests, raw);
  if (keptKinds.size >= KINDS_KEPT) keptKinds.clear();
  keptKinds.set(raw, { probe, guests: guestsKey, kind });
  return kind;
}

/** Phase 1's result: the source lines with, for each, its probe text and its kind */
export interface ClassifiedLines {
  lines: SourceText[];
  /** Each line normalised as a heading (spaces kept), changes discarded — used only to classify */
  probes: string[];
  kinds: LineKind[];
  /** Names of 主持人 / 嘉宾 lines, wherever they are, in order, without repeats */
  hosts: string[];
  guests: string[];
  /** Line of the 嘉宾 line that names each guest */
  guestLine: Map<string, number>;
  /** The 主持人/嘉宾 lines as printed (normalised), with their lines */
  creditLines: { line: number; text: string }[];
  /** How many lines read as speaker lines (one means a single lecture) */
  speakerCount: number;
}

export function classifyLines(lines: SourceText[], rec: Recorder): ClassifiedLines {
  const scratch: Change[] = [];
  const probes = lines.map((l) => normalizeLine(l.raw, 'heading', rec.file, l.line, ((scratch.length = 0), scratch)));
  const hosts: string[] = [];
  const guests: string[] = [];
  const hostSet = new Set<string>();
  const guestSet = new Set<string>();
  const guestLine = new Map<string, number>();
  // host and guest lists first, wherever they are: speaker lines are read against the guest list
  for (let i = 0; i < lines.length; i++) {
    const p = probes[i]!;
    const host = nameListLine(HOST_RE, p);
    const guest = host !== null ? null : nameListLine(GUEST_RE, p);
    if (host === null && guest === null) continue;
    const names = splitNames(host ?? guest ?? '');
    const isHost = host !== null;
    if (names.length === 0) warn(rec, lines[i]!.line, `${isHost ? '主持人' : '嘉宾'} line names nobody`);
    const list = isHost ? hosts : guests;
    const seen = isHost ? hostSet : guestSet;
    for (const n of names) {
      if (seen.has(n)) continue;
      seen.add(n);
      list.push(n);
      if (!isHost) guestLine.set(n, lines[i]!.line);
    }
  }
  const guestsKey = [...guestSet].join('\n');
  const kinds = rebuildsExpected()
    ? probes.map((p, i) => classifyKept(p, guestSet, guestsKey, lines[i]!.raw))
    : probes.map((p, i) => classify(p, guestSet, lines[i]!.raw));
  for (let i = 0; i + 1 < lines.length; i++) {
    // 「来源:」 with its value on the next line (「四川日报」)
    const k = kinds[i]!;
    if (k.k === 'meta' && !k.value && probes[i + 1]!.length <= 20 && kinds[i + 1]!.k === 'headingLike')
      kinds[i + 1] = { k: 'meta', label: k.label, value: probes[i + 1]! };
  }
  // dialogue turns, when the text has enough of them to be a dialogue (see dialogueSpeakers)
  const labels = probes.map((p, i) => {
    const k = kinds[i]!.k;
    return k === 'para' || k === 'headingLike' || k === 'speaker' ? turnLabelOf(p) : null;
  });
  const speakers = dialogueSpeakers(labels);
  for (let i = 0; i < lines.length; i++) {
    const t = labels[i];
    if (!t || !speakers.has(t.speaker)) continue;
    kinds[i] = { k: 'turn', turn: t };
    if (t.host && !hostSet.has(t.speaker)) {
      hostSet.add(t.speaker);
      hosts.push(t.speaker);
    }
  }
  // host and guest lines are read from their probes; record their normalisation changes once
  const creditLines: ClassifiedLines['creditLines'] = [];
  for (let i = 0; i < lines.length; i++) {
    const k = kinds[i]!.k;
    if (k === 'host' || k === 'guest') creditLines.push({ line: lines[i]!.line, text: headingText(rec, lines[i]!) });
  }
  const speakerCount = kinds.filter((k) => k.k === 'speaker').length;
  return { lines, probes, kinds, hosts, guests, guestLine, creditLines, speakerCount };
}
