// Recognition of a plain transcript (.txt): one paragraph per line, as published or typed.
// The shapes it knows are listed in src/source/README.md and tested in test/source-shapes.test.ts.
// Every step is a bounded look at one line (or the next two), so time is linear in the input.
import { basename, extname } from 'node:path';
import type { Change, Diagnostic, Document, Paragraph, Part, Speaker } from '../model';
import { normalizeLine } from './normalize';
import { MAX_SPEAKER_LINE, parseSpeakerLine, splitNames } from './speaker';

export interface SourceText {
  /** The line as it was, trimmed of surrounding spaces */
  raw: string;
  line: number;
}

/** Spaces a line may be padded with: ASCII whitespace, no-break, ideographic (full-width), BOM, zero-width */
function isPad(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x3000 ||
    code === 0xfeff ||
    code === 0x200b
  );
}

/** Splits into non-blank lines (CR, LF or CRLF), trimmed; reports dropped indentation and whitespace-only lines. */
export function splitLines(text: string, file: string, changes: Change[]): SourceText[] {
  const out: SourceText[] = [];
  const rows = text.split(/\r\n|\r|\n/u);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const line = i + 1;
    if (row.length === 0) continue;
    // manual scans, not /\s+$/: a regex anchored at the end is quadratic on long inner space runs
    let from = 0;
    while (from < row.length && isPad(row.charCodeAt(from))) from++;
    if (from === row.length) {
      changes.push({ file, line, what: 'whitespace-only line dropped', before: row, after: '' });
      continue;
    }
    let to = row.length;
    while (to > from && isPad(row.charCodeAt(to - 1))) to--;
    const raw = row.slice(from, to);
    if (row.slice(0, from).includes('\u3000')) {
      changes.push({
        file,
        line,
        what: 'full-width space indent removed',
        before: row.slice(0, from + 4),
        after: raw.slice(0, 4),
      });
    }
    if (row.slice(to).includes('\u3000')) {
      changes.push({
        file,
        line,
        what: 'trailing full-width space removed',
        before: row.slice(Math.max(from, to - 4)),
        after: raw.slice(-4),
      });
    }
    out.push({ raw, line });
  }
  return out;
}

// 「主持人：…」, 「【主持人】…」, 「主 持 人：…」
const HOST_RE =
  /^(?:[【[〔]\s*(?:主\s*持\s*人|主\s*持)\s*[】\]〕]\s*[:：]?|(?:主\s*持\s*人|主\s*持|本期主持)\s*[:：])\s*(.*)$/u;
const GUEST_RE =
  /^(?:[【[〔]\s*(?:(?:特邀|访谈|发言|论坛|本期|对话)?嘉\s*宾)\s*[】\]〕]\s*[:：]?|(?:(?:特邀|访谈|发言|论坛|本期|对话)?嘉\s*宾)\s*[:：])\s*(.*)$/u;
/** Headings of an opening section; text may follow on the same line after a colon (「编者按：……」) */
const INTRO_RE = /^[【[〔]?(开坛的话|编者按|编者的话|导语|前言|引言|开篇的话|按语)[】\]〕]?\s*(?:[:：]?\s*(.*))?$/u;
/** A first line that only names the series: 「賨州论坛」, 「【賨州论坛】」 */
const SERIES_LINE_RE =
  /^[【[〔《“]?([^\s【】[\]〔〕《》“”，。]{1,12}(?:论坛|讲坛|大讲堂|讲堂|沙龙|课堂))[】\]〕》”]?$/u;
/** A date line in the title block: 「2021年7月3日」, 「（2021年7月5日）」 */
const DATE_LINE_RE = /^[（(]?(\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)[）)]?$/u;
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
const SENTENCE_END_RE = /[。！？；!?;]/u;
/** Longest line taken to be cut off by a hard line wrap */
const MAX_WRAP_WIDTH = 80;
/** How a paragraph ends when it is not cut off by a hard line wrap */
const PARAGRAPH_END_RE = /[。！？；：…”’）》」』】!?;:)]$/u;

/** A line of running text that stops mid-sentence (long or with clause commas, no closing punctuation) */
function looksCutOff(text: string): boolean {
  // wrap widths of pasted columns and editors are well under 80 characters; a longer line without
  // closing punctuation is a sentence typed that way, not a wrapped one
  return (
    text.length <= MAX_WRAP_WIDTH &&
    !PARAGRAPH_END_RE.test(text) &&
    (text.length > MAX_HEADING || /[，、,]/u.test(text))
  );
}
/** Longest line that may be a title; longer lines are running text */
const MAX_HEADING = 40;
/** Longest first line taken as the document title */
const MAX_TITLE = 64;
/** Longest run-in heading taken as a paragraph's lead */
const MAX_LEAD = 40;
/** Longest unnumbered lead sentence (「规划先行。」) taken when a part has several of them */
const MAX_PARALLEL_LEAD = 12;

type LineKind =
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

function classifyNumbered(text: string): LineKind | null {
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
function nameListLine(re: RegExp, text: string): string | null {
  const m = re.exec(text);
  if (!m) return null;
  const rest = m[1] ?? '';
  if (/[。？！?!；;：:]/u.test(rest)) return null;
  if (splitNames(rest).some((n) => n.length > 8)) return null;
  return rest;
}

function classify(text: string, guests: ReadonlySet<string>): LineKind {
  const hosts = nameListLine(HOST_RE, text);
  if (hosts !== null) return { k: 'host', names: splitNames(hosts) };
  const guests2 = nameListLine(GUEST_RE, text);
  if (guests2 !== null) return { k: 'guest', names: splitNames(guests2) };
  let m: RegExpExecArray | null = INTRO_RE.exec(text);
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

const SERIES_RES = [
  /(?:做客|走进|登上|参加|作客)[“《「]?([^，。、“”《》「」\s]{2,10}?(?:论坛|讲坛|大讲堂|讲堂|沙龙|课堂))/u,
  /[《“「]([^》”」，。]{2,12}(?:论坛|讲坛|讲堂|沙龙))[》”」]/u,
];

/** The series a forum names in its title or opening (「做客賨州论坛」), else '' */
function seriesFromText(doc: Document): string {
  const haystack = [
    doc.meta.title,
    doc.meta.subtitle,
    ...doc.parts.slice(0, 3).flatMap((p) => [p.title, ...p.paragraphs.slice(0, 5).map((q) => q.text)]),
  ];
  for (const re of SERIES_RES) {
    for (const t of haystack) {
      const m = re.exec(t);
      if (m) return m[1]!;
    }
  }
  return '';
}

function stripDashes(text: string): string {
  return text.replace(/^(?:[—–─―]{1,2}|-{2})\s*/u, '');
}

function newPart(kind: Part['kind'], line: number, init: Partial<Part> = {}): Part {
  return { kind, title: '', subtitle: '', speaker: null, level: 1, paragraphs: [], line, ...init };
}

/** Sets `lead` on unnumbered paragraphs when a part has several that open with a short sentence (「规划先行。」). */
function markParallelLeads(part: Part): void {
  const candidates: { para: Paragraph; lead: string }[] = [];
  for (const para of part.paragraphs) {
    if (para.lead) continue;
    const end = para.text.search(/[。！？]/u);
    if (end <= 0 || end + 1 > MAX_PARALLEL_LEAD || end + 1 >= para.text.length) continue;
    const lead = para.text.slice(0, end + 1);
    if (/[，、,：:；“”]/u.test(lead)) continue;
    candidates.push({ para, lead });
  }
  if (candidates.length >= 2) for (const c of candidates) c.para.lead = c.lead;
}

export function emptyDocument(file: string): Document {
  return {
    file,
    name: basename(file, extname(file)),
    meta: { title: '', subtitle: '', series: '', date: '', hosts: [], guests: [], extra: {} },
    parts: [],
    warnings: [],
    changes: [],
  };
}

export function parseTranscript(text: string, file: string): Document {
  const doc = emptyDocument(file);
  const changes = doc.changes;
  const warnings: Diagnostic[] = doc.warnings;
  const warn = (line: number, message: string): void => {
    warnings.push({ severity: 'warning', file, line, message });
  };
  const lines = splitLines(text, file, changes);
  const scratch: Change[] = [];
  // Probe text: normalised as a heading (spaces kept), changes discarded — used only to classify.
  const probes = lines.map((l) => normalizeLine(l.raw, 'heading', file, l.line, ((scratch.length = 0), scratch)));

  const hostSet = new Set<string>();
  const guestSet = new Set<string>();
  const guestLine = new Map<string, number>();
  // Pass 1: host and guest lists, wherever they are (speaker lines are read against the guest list).
  for (let i = 0; i < lines.length; i++) {
    const p = probes[i]!;
    const host = nameListLine(HOST_RE, p);
    const guest = host !== null ? null : nameListLine(GUEST_RE, p);
    if (host === null && guest === null) continue;
    const names = splitNames(host ?? guest ?? '');
    const isHost = host !== null;
    if (names.length === 0) warn(lines[i]!.line, `${isHost ? '主持人' : '嘉宾'} line names nobody`);
    const list = isHost ? doc.meta.hosts : doc.meta.guests;
    const seen = isHost ? hostSet : guestSet;
    for (const n of names) {
      if (seen.has(n)) continue;
      seen.add(n);
      list.push(n);
      if (!isHost) guestLine.set(n, lines[i]!.line);
    }
  }
  const kinds = probes.map((p) => classify(p, guestSet));
  const speakerCount = kinds.filter((k) => k.k === 'speaker').length;

  const heading = (i: number): string => normalizeLine(lines[i]!.raw, 'heading', file, lines[i]!.line, changes);
  const body = (i: number): string => normalizeLine(lines[i]!.raw, 'body', file, lines[i]!.line, changes);
  for (let i = 0; i < lines.length; i++) {
    // host and guest lines are read from their probes; record their normalisation changes once
    const k = kinds[i]!.k;
    if (k === 'host' || k === 'guest') heading(i);
  }

  let i = 0;
  // Title block: [series line] title [——subtitle | second title line] [date line].
  const seriesLine = lines.length > 1 ? SERIES_LINE_RE.exec(probes[0]!) : null;
  if (seriesLine && (kinds[1]!.k === 'headingLike' || kinds[1]!.k === 'dashed')) {
    doc.meta.series = seriesLine[1]!;
    heading(0);
    i = 1;
  }
  const isIntroStart = (k: LineKind | undefined): boolean =>
    k !== undefined &&
    (k.k === 'intro' ||
      k.k === 'host' ||
      k.k === 'guest' ||
      k.k === 'salutation' ||
      (k.k === 'speaker' && speakerCount === 1));
  // the document title may be longer than a talk title (up to MAX_TITLE) as long as it is no sentence
  const longTitle = (j: number): boolean =>
    kinds[j]?.k === 'para' &&
    probes[j]!.length <= MAX_TITLE &&
    !SENTENCE_END_RE.test(probes[j]!) &&
    !/[，、：:,…]$/u.test(probes[j]!);
  if (i < lines.length && (kinds[i]!.k === 'headingLike' || kinds[i]!.k === 'dashed' || longTitle(i))) {
    doc.meta.title = heading(i);
    i++;
    if (kinds[i]?.k === 'dashed' || (kinds[i]?.k === 'speaker' && /^——\s*在/u.test(probes[i]!))) {
      doc.meta.subtitle = stripDashes(heading(i));
      i++;
    } else if (kinds[i]?.k === 'headingLike' && isIntroStart(kinds[i + 1]) && !DATE_LINE_RE.test(probes[i]!)) {
      // two title lines before the opening section: the second is read as the subtitle
      doc.meta.subtitle = heading(i);
      warn(lines[i]!.line, 'second title line read as the subtitle');
      i++;
    }
    const date = i < lines.length ? DATE_LINE_RE.exec(probes[i]!) : null;
    if (date) {
      doc.meta.date = date[1]!.replace(/\s+/gu, '');
      heading(i);
      i++;
    }
  } else {
    warn(
      lines[0]?.line ?? 1,
      'no title line (the first line reads as running text); set `title` in an .md source (lectern import)',
    );
  }
  // A single lecture: its only speaker line right after the title speaks for the whole text.
  let lectureSpeaker: Speaker | null = null;
  if (kinds[i]?.k === 'speaker' && speakerCount === 1) {
    lectureSpeaker = (kinds[i] as { speaker: Speaker }).speaker;
    heading(i);
    i++;
  }

  let current: Part | null = null;
  /** The last paragraph, while its line looked cut off (long, no closing punctuation): a hard wrap */
  let wrapped: Paragraph | null = null;
  const open = (part: Part): Part => {
    if (lectureSpeaker && !(part.kind === 'intro' && part.title)) {
      part.speaker = lectureSpeaker;
      lectureSpeaker = null;
    }
    doc.parts.push(part);
    current = part;
    wrapped = null;
    return part;
  };
  const addParagraph = (text: string, line: number, lead = ''): void => {
    const part = current ?? open(newPart('intro', line));
    const para = { text, lead, line };
    part.paragraphs.push(para);
    wrapped = looksCutOff(text) ? para : null;
  };
  /** Joins line i to a paragraph cut off by a hard line wrap (pasted newspaper columns); true if it did */
  const continueWrapped = (i: number): boolean => {
    const para = wrapped as Paragraph | null;
    if (!para) return false;
    const text = body(i);
    const glue = /[A-Za-z0-9]$/u.test(para.text) && /^[A-Za-z0-9]/u.test(text) ? ' ' : '';
    changes.push({
      file,
      line: lines[i]!.line,
      what: `line joined to the paragraph of line ${para.line} (hard line wrap)`,
      before: `${para.text.slice(-4)}⏎${text.slice(0, 4)}`,
      after: `${para.text.slice(-4)}${glue}${text.slice(0, 4)}`,
    });
    para.text += glue + text;
    if (!looksCutOff(text)) wrapped = null;
    return true;
  };
  const startTalk = (titleAt: number[], speakerAt: number): void => {
    const kind = kinds[speakerAt] as { speaker: Speaker };
    const title = titleAt[0] !== undefined ? heading(titleAt[0]) : '';
    const subtitle = titleAt[1] !== undefined ? stripDashes(heading(titleAt[1])) : '';
    heading(speakerAt);
    const line = lines[titleAt[0] ?? speakerAt]!.line;
    open(newPart('talk', line, { title, subtitle, speaker: { ...kind.speaker } }));
    if (guestSet.size > 0 && !guestSet.has(kind.speaker.name)) {
      warn(lines[speakerAt]!.line, `speaker ${kind.speaker.name} is not in the 嘉宾 list`);
    }
  };
  const isTitleCandidate = (j: number): boolean => kinds[j]?.k === 'headingLike' || kinds[j]?.k === 'dashed';

  for (; i < lines.length; i++) {
    const kind = kinds[i]!;
    const line = lines[i]!.line;
    switch (kind.k) {
      case 'host':
      case 'guest':
        wrapped = null;
        break;
      case 'intro':
        heading(i); // records the line's punctuation changes (the title and text come from the probe)
        open(newPart('intro', line, { title: kind.title }));
        if (kind.rest) addParagraph(normalizeLine(kind.rest, 'body', file, line, changes), line);
        break;
      case 'salutation': {
        const part = current as Part | null;
        const text = body(i);
        if (part && part.kind === 'intro' && part.paragraphs.length === 0 && !part.title)
          part.paragraphs.push({ text, lead: '', line });
        else {
          open(newPart('intro', line));
          addParagraph(text, line);
        }
        break;
      }
      case 'numbered':
        // a numbered title right before a speaker line is a talk title (「一、如何抓产业」 + speaker)
        if (kind.heading && kinds[i + 1]?.k === 'speaker') {
          startTalk([i], i + 1);
          i += 1;
        } else if (kind.heading && isTitleCandidate(i + 1) && kinds[i + 2]?.k === 'speaker') {
          startTalk([i, i + 1], i + 2);
          i += 2;
        } else if (kind.heading) open(newPart('section', line, { title: heading(i), level: kind.level }));
        else {
          // the lead is taken again from the final text, whose spaces may differ from the probe's
          const text = body(i);
          const again = classifyNumbered(text);
          addParagraph(text, line, again && again.k === 'numbered' ? again.lead : '');
        }
        break;
      case 'speaker':
        startTalk([], i);
        break;
      case 'headingLike':
      case 'dashed': {
        // the rest of a hard-wrapped paragraph; else a talk title: one or two short lines before a speaker line
        if (kind.k === 'headingLike' && continueWrapped(i)) {
          // joined
        } else if (kinds[i + 1]?.k === 'speaker') {
          startTalk([i], i + 1);
          i += 1;
        } else if (isTitleCandidate(i + 1) && kinds[i + 2]?.k === 'speaker' && kind.k === 'headingLike') {
          startTalk([i, i + 1], i + 2);
          i += 2;
        } else if (
          speakerCount >= 2 &&
          kind.k === 'headingLike' &&
          (current as Part | null)?.kind === 'talk' &&
          kinds[i + 1]?.k === 'para'
        ) {
          // in a forum, a short line followed by text most likely opens a talk whose speaker line is missing
          open(newPart('talk', line, { title: heading(i) }));
          warn(line, 'read as the title of a talk without a speaker line; check it, or correct it in an .md source');
        } else if (
          kind.k === 'headingLike' &&
          looksCutOff(probes[i]!) &&
          (kinds[i + 1]?.k === 'para' || kinds[i + 1]?.k === 'headingLike')
        ) {
          // a sentence cut off by a hard line wrap; the next line is joined to it
          addParagraph(body(i), line);
        } else {
          addParagraph(body(i), line);
          warn(
            line,
            'short line without end punctuation could not be placed (not a title, speaker or heading); kept as a paragraph',
          );
        }
        break;
      }
      case 'para':
        if (!continueWrapped(i)) addParagraph(body(i), line);
        break;
    }
  }

  for (const part of doc.parts) markParallelLeads(part);
  if (lectureSpeaker) warn(lines[0]?.line ?? 1, 'speaker line with no text after it');

  // The series (賨州论坛…) when the text names one.
  if (!doc.meta.series) doc.meta.series = seriesFromText(doc);
  const speakers = new Set(doc.parts.map((p) => p.speaker?.name));
  for (const g of doc.meta.guests) {
    if (!speakers.has(g)) warn(guestLine.get(g) ?? 1, `guest ${g} gives no talk (no speaker line names them)`);
  }
  if (doc.parts.length === 0) warn(lines[0]?.line ?? 1, 'no text besides the title');
  changes.sort((a, b) => a.line - b.line); // stable: within a line, in the order applied
  warnings.sort((a, b) => a.line - b.line);
  return doc;
}
