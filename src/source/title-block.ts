// Phase 2 of transcript recognition: the title block at the top — page metadata, [series line], a
// title of one to three lines, [——subtitle], date or occasion, the lecture's speaker — in the orders
// pages print them. Lines it reads as metadata go to `metadata`.
import { HAN, hanRegExp } from '../cjk';
import { charClass, SENTENCE_MARK } from './char-class';
import type { MetadataLine, Speaker } from '../model';
import { type ClassifiedLines, type LineKind, MAX_HEADING, MAX_TITLE, seriesLineName } from './classify';
import { isEditorLine, occasionContinues } from './page-meta';
import { headingText, type Recorder, warn } from './record';
import { looksLikeName } from './speaker';

/** Phase 2's result */
export interface TitleBlock {
  series: string;
  /** The date line as printed when it is more than the date (brackets, ——, an occasion) */
  dateAsWritten?: string;
  /** The series line as printed (「【賨州论坛】」) */
  seriesAsWritten?: string;
  title: string;
  subtitle: string;
  date: string;
  /** A single lecture's speaker, named once in the title block: the speaker of the first part */
  lectureSpeaker: Speaker | null;
  /** The lecture speaker's line as printed */
  lectureSpeakerLine?: string;
  /** Index (into the lines) of the first line of the body */
  bodyStart: number;
  /** Metadata lines of the title block, in order */
  metadata: MetadataLine[];
}

/** What stripDashes's dashes start with */
const DASH = charClass('—–─―-');

export function stripDashes(text: string): string {
  return DASH.atStart(text) ? text.replace(/^(?:[—–─―]{1,2}|-{2})\s*/u, '') : text;
}

/** A speaker named only in the title: 「王志强在全县……会议上的讲话」 → 王志强, occasion 在全县……会议上 */
const TITLE_SPEAKER_RE = hanRegExp(
  String.raw`^(${HAN}{2,3})(?:同志)?(在.{2,50}(?:上|时|期间))的(?:讲话|致辞|报告|发言|讲课|辅导报告)$`,
  'u',
);

/** `/的(?:讲话|致辞|报告|发言|讲课|辅导报告)$/u` */
const SPEECH_ENDINGS = ['讲话', '致辞', '报告', '发言', '讲课', '辅导报告'].map((word) => `的${word}`);
const hasSpeechEnding = (title: string): boolean => SPEECH_ENDINGS.some((ending) => title.endsWith(ending));
/** Endings of a line that is no headline (titleLike): a clause mark; a final ！ or ？ it may have */
const CLAUSE_END = charClass('：:，、,…');
const EXCLAIM_END = charClass('！？!?');

export function readTitleBlock(cls: ClassifiedLines, rec: Recorder): TitleBlock {
  const { lines, probes, kinds, speakerCount } = cls;
  const block: TitleBlock = {
    series: '',
    title: '',
    subtitle: '',
    date: '',
    lectureSpeaker: null,
    bodyStart: 0,
    metadata: [],
  };
  const heading = (i: number): string => headingText(rec, lines[i]!);
  const meta = (i: number, label: string, text = probes[i]!): void => {
    block.metadata.push({ line: lines[i]!.line, label, text });
    heading(i);
  };
  let i = 0;
  // page metadata and an editor's line above the title
  for (; i < lines.length; i++) {
    const k = kinds[i]!;
    if (k.k === 'meta') meta(i, k.label, k.value || probes[i]!);
    else if (isEditorLine(probes[i]!) && i + 1 < lines.length) meta(i, 'editor-line');
    else break;
  }
  const series = i + 1 < lines.length ? seriesLineName(probes[i]!) : null;
  if (series !== null && (kinds[i + 1]!.k === 'headingLike' || kinds[i + 1]!.k === 'dashed')) {
    block.series = series;
    block.seriesAsWritten = heading(i);
    i++;
  }
  const isIntroStart = (k: LineKind | undefined): boolean =>
    k !== undefined &&
    (k.k === 'intro' ||
      k.k === 'host' ||
      k.k === 'guest' ||
      k.k === 'salutation' ||
      (k.k === 'speaker' && speakerCount === 1));
  /** A line that can be (part of) a headline: no sentence inside, at most a final ！ or ？ */
  const titleLike = (j: number): boolean => {
    const p = probes[j];
    if (p === undefined || p.length > MAX_TITLE) return false;
    if (CLAUSE_END.atEnd(p)) return false;
    const body = EXCLAIM_END.trimEnd(p);
    return !SENTENCE_MARK.inText(body);
  };
  const k0 = kinds[i]?.k;
  const firstIsTitle =
    i < lines.length &&
    (k0 === 'headingLike' ||
      k0 === 'dashed' ||
      ((k0 === 'para' || k0 === 'turn') && titleLike(i) && !probes[i]!.includes('，') && !probes[i]!.includes(',')));
  if (firstIsTitle) {
    // a three-line newspaper headline (引题 / 主题 / 副题) before the running text
    const headline = (j: number): boolean => kinds[j]?.k === 'headingLike' || kinds[j]?.k === 'para';
    if (
      titleLike(i + 1) &&
      titleLike(i + 2) &&
      headline(i) &&
      headline(i + 1) &&
      (headline(i + 2) || kinds[i + 2]?.k === 'dashed') &&
      kinds[i + 3]?.k === 'para' &&
      probes[i + 3]!.length > MAX_TITLE &&
      probes[i + 1] !== probes[i] &&
      kinds[i + 2]!.k !== 'speaker'
    ) {
      meta(i, 'kicker');
      block.title = heading(i + 1);
      block.subtitle = stripDashes(heading(i + 2));
      i += 3;
    } else {
      block.title = heading(i);
      i++;
      if (
        kinds[i]?.k === 'headingLike' &&
        kinds[i + 1]?.k === 'dashed' &&
        probes[i]!.length <= MAX_HEADING &&
        block.title.length + probes[i]!.length <= MAX_TITLE
      ) {
        // a two-line title before its ——subtitle
        block.title = `${block.title} ${heading(i)}`;
        i++;
      }
    }
  } else if (kinds[i]?.k !== 'date') {
    warn(
      rec,
      lines[i]?.line ?? lines[0]?.line ?? 1,
      'no title line (the first line reads as running text); set `title` in an .md source (lectern import)',
    );
  }
  // then, in the orders pages print them: subtitle, date or occasion, metadata, speaker, a repeated title
  for (; i < lines.length; i++) {
    const k = kinds[i]!;
    const p = probes[i]!;
    if (k.k === 'meta') meta(i, k.label, k.value || p);
    else if (block.title && (p === block.title || p === probes[0]) && i > 0) meta(i, 'repeated title');
    else if (k.k === 'date' && !block.date) {
      let written = heading(i);
      let date = k.date;
      // 「——2026年1月26日在广东省第十四届」 + 「人民代表大会第五次会议上」: one occasion cut by a line wrap
      const next = probes[i + 1];
      if (occasionContinues(date) && next !== undefined && /(?:上|会|期间)$/u.test(next) && next.length <= 30) {
        const glued = `${date}${next}`;
        rec.changes.push({
          file: rec.file,
          line: lines[i + 1]!.line,
          what: `line joined to the date of line ${lines[i]!.line} (hard line wrap)`,
          before: `${date.slice(-4)}⏎${next.slice(0, 4)}`,
          after: `${date.slice(-4)}${next.slice(0, 4)}`,
        });
        written += heading(i + 1);
        date = glued;
        i++;
      }
      block.date = date.replace(/(?<=[\d年月])\s+(?=\d)|(?<=\d)\s+(?=[年月日])/gu, '');
      // 「（一九四八年四月一日）」「——2026年1月26日在……会议上」: the line as printed, for the cover
      if (written.replace(/\s+/gu, '') !== block.date.replace(/\s+/gu, '')) block.dateAsWritten = written;
    } else if (
      block.title &&
      !block.subtitle &&
      !block.date &&
      (k.k === 'dashed' || (k.k === 'speaker' && /^——\s*在/u.test(p)))
    ) {
      block.subtitle = stripDashes(heading(i));
    } else if (
      block.title &&
      !block.subtitle &&
      p !== block.title &&
      p.startsWith(block.title) &&
      p.length <= MAX_TITLE &&
      (k.k === 'headingLike' || k.k === 'para')
    ) {
      // 「值周教师总结发言稿(通用10篇)」 under 「值周教师总结发言稿」: a second headline
      block.subtitle = heading(i);
    } else if (block.subtitle && p === block.subtitle) meta(i, 'repeated title');
    else if (
      k.k === 'headingLike' &&
      !block.lectureSpeaker &&
      speakerCount === 0 &&
      looksLikeName(p.replace(/[\s\u3000]+/gu, '')) &&
      block.title
    ) {
      // a bare name under the title: 「毛伟明」「李　明」
      block.lectureSpeaker = { name: p.replace(/[\s\u3000]+/gu, ''), post: '' };
      block.lectureSpeakerLine = heading(i);
    } else if (
      block.title &&
      !block.subtitle &&
      !block.date &&
      k.k === 'headingLike' &&
      isIntroStart(kinds[i + 1]) &&
      !block.lectureSpeaker
    ) {
      // two title lines before the opening section: the second is read as the subtitle
      block.subtitle = heading(i);
      warn(rec, lines[i]!.line, 'second title line read as the subtitle');
    } else if (k.k === 'speaker' && speakerCount === 1 && !block.lectureSpeaker) {
      // a single lecture: its only speaker line in the title block speaks for the whole text
      block.lectureSpeaker = k.speaker;
      block.lectureSpeakerLine = heading(i);
    } else if (
      block.title &&
      k.k === 'headingLike' &&
      i + 1 < lines.length &&
      probes.indexOf(block.title, i + 1) === i + 1
    ) {
      // a line between the title and its repeat names the series or page (「“书香中国”阅读论坛暨…」)
      meta(i, 'series');
    } else break;
  }
  // the ending looked for first: TITLE_SPEAKER_RE, its Han class repeated, costs ~1 ms to compile on a cold start
  const fromTitle = hasSpeechEnding(block.title) ? TITLE_SPEAKER_RE().exec(block.title) : null;
  if (fromTitle && !block.lectureSpeaker && looksLikeName(fromTitle[1]!)) {
    block.lectureSpeaker = { name: fromTitle[1]!, post: '' };
    block.metadata.push({ line: lines[0]?.line ?? 1, label: 'occasion', text: fromTitle[2]! });
  }
  block.bodyStart = i;
  return block;
}
