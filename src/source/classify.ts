// Phase 1 of transcript recognition: each line classified on its own (plus the host/guest lists,
// which speaker lines are read against). No line's kind depends on its neighbours here.
import { CLOSING_FULL_WIDTH } from '../cjk';
import type { Change, Speaker } from '../model';
import type { SourceText } from './lines';
import { normalizeLine } from './normalize';
import { headingText, type Recorder, warn } from './record';
import { MAX_SPEAKER_LINE, parseSpeakerLine, splitNames } from './speaker';

// 「主持人：…」, 「【主持人】…」, 「主 持 人：…」
export const HOST_RE =
  /^(?:[【[〔]\s*(?:主\s*持\s*人|主\s*持)\s*[】\]〕]\s*[:：]?|(?:主\s*持\s*人|主\s*持|本期主持)\s*[:：])\s*(.*)$/u;
export const GUEST_RE =
  /^(?:[【[〔]\s*(?:(?:特邀|访谈|发言|论坛|本期|对话)?嘉\s*宾)\s*[】\]〕]\s*[:：]?|(?:(?:特邀|访谈|发言|论坛|本期|对话)?嘉\s*宾)\s*[:：])\s*(.*)$/u;
/** Headings of an opening section; text may follow on the same line after a colon (「编者按：……」) */
const INTRO_RE = /^[【[〔]?(开坛的话|编者按|编者的话|导语|前言|引言|开篇的话|按语)[】\]〕]?\s*(?:[:：]?\s*(.*))?$/u;
/** A first line that only names the series: 「賨州论坛」, 「【賨州论坛】」 */
export const SERIES_LINE_RE =
  /^[【[〔《“]?([^\s【】[\]〔〕《》“”，。]{1,12}(?:论坛|讲坛|大讲堂|讲堂|沙龙|课堂))[】\]〕》”]?$/u;
/** A date line in the title block: 「2021年7月3日」, 「（2021年7月5日）」 */
export const DATE_LINE_RE = /^[（(]?(\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)[）)]?$/u;
/** A whole line in brackets is an editorial note (「（根据录音整理）」), a paragraph as it is */
const NOTE_LINE_RE = /^[（(【[〔][^）)】\]〕]*[）)】\]〕]$/u;
const SALUTATION_RE =
  /^(?:同志们|各位(?:领导|同志|同事|学员|老师|嘉宾)[^。！？]{0,20}|尊敬的[^。！？]{1,40})[:：，,!！]?$/u;
const NUMBER_MARKERS: { level: number; re: RegExp }[] = [
  { level: 1, re: /^[一二三四五六七八九十]{1,3}、\s*/u },
  { level: 2, re: /^[（(][一二三四五六七八九十]{1,3}[）)]\s*/u },
  { level: 3, re: /^\d{1,2}(?:[.．](?!\d)|、)\s*/u },
  { level: 4, re: /^[（(]\d{1,2}[）)]\s*/u },
];
const DASH_START_RE = /^[—–─―]{1,2}|^-{2}/u;
export const SENTENCE_END_RE = /[。！？；!?;]/u;
/** Longest line taken to be cut off by a hard line wrap */
const MAX_WRAP_WIDTH = 80;
/** How a paragraph ends when it is not cut off by a hard line wrap */
const PARAGRAPH_END_RE = new RegExp(`[。！？；：…${CLOSING_FULL_WIDTH}!?;:)]$`, 'u');

/** A line of running text that stops mid-sentence (long or with clause commas, no closing punctuation) */
export function looksCutOff(text: string): boolean {
  // wrap widths of pasted columns and editors are well under 80 characters; a longer line without
  // closing punctuation is a sentence typed that way, not a wrapped one
  return (
    text.length <= MAX_WRAP_WIDTH &&
    !PARAGRAPH_END_RE.test(text) &&
    (text.length > MAX_HEADING || /[，、,]/u.test(text))
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
  | { k: 'numbered'; level: number; heading: boolean; lead: string }
  | { k: 'speaker'; speaker: Speaker }
  | { k: 'dashed' }
  | { k: 'headingLike' }
  | { k: 'para' };

function isHeadingLike(text: string): boolean {
  if (text.length > MAX_HEADING) return false;
  if (SENTENCE_END_RE.test(text)) return false;
  return !/[，、：:,…]$/u.test(text);
}

export function classifyNumbered(text: string): LineKind | null {
  for (const { level, re } of NUMBER_MARKERS) {
    const m = re.exec(text);
    if (!m) continue;
    const rest = text.slice(m[0].length);
    if (rest.length === 0) return null;
    const end = rest.search(/[。！？；：:!?;]/u);
    if (end < 0 || end === rest.length - 1) {
      // a line of its own: a heading if short — and not a sentence with clauses ending in 。
      const sentence = /[。.]$/u.test(rest) && /[，,；;]/u.test(rest);
      return { k: 'numbered', level, heading: text.length <= MAX_HEADING && !sentence, lead: '' };
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
  if (/[。？！?!；;：:]/u.test(rest)) return null;
  if (splitNames(rest).some((n) => n.length > 8)) return null;
  return rest;
}

export function classify(text: string, guests: ReadonlySet<string>): LineKind {
  const hosts = nameListLine(HOST_RE, text);
  if (hosts !== null) return { k: 'host', names: splitNames(hosts) };
  const guests2 = nameListLine(GUEST_RE, text);
  if (guests2 !== null) return { k: 'guest', names: splitNames(guests2) };
  const m: RegExpExecArray | null = INTRO_RE.exec(text);
  // text after the heading only with a colon or brackets: 「编者按：…」, 「【编者按】…」 (not 「前言部分…」)
  if (m && (!m[2] || /^[【[〔]|^\S+?[:：】\]〕]/u.test(text.slice(0, text.length - m[2].length))))
    return { k: 'intro', title: m[1]!, rest: (m[2] ?? '').trim() };
  if (SALUTATION_RE.test(text)) return { k: 'salutation' };
  const numbered = classifyNumbered(text);
  if (numbered) return numbered;
  if (text.length <= MAX_SPEAKER_LINE) {
    const speaker = parseSpeakerLine(text, guests);
    if (speaker) return { k: 'speaker', speaker };
  }
  if (NOTE_LINE_RE.test(text) && text.length <= MAX_SPEAKER_LINE) return { k: 'para' };
  if (DASH_START_RE.test(text) && text.length <= MAX_HEADING * 2 && !/[。！？]$/u.test(text)) return { k: 'dashed' };
  if (isHeadingLike(text)) return { k: 'headingLike' };
  return { k: 'para' };
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
  const kinds = probes.map((p) => classify(p, guestSet));
  // host and guest lines are read from their probes; record their normalisation changes once
  for (let i = 0; i < lines.length; i++) {
    const k = kinds[i]!.k;
    if (k === 'host' || k === 'guest') headingText(rec, lines[i]!);
  }
  const speakerCount = kinds.filter((k) => k.k === 'speaker').length;
  return { lines, probes, kinds, hosts, guests, guestLine, speakerCount };
}
