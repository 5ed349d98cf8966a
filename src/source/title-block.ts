// Phase 2 of transcript recognition: the title block at the top —
// [series line] title [——subtitle | second title line] [date line] [the lecture's only speaker line].
import type { Speaker } from '../model';
import {
  type ClassifiedLines,
  DATE_LINE_RE,
  type LineKind,
  MAX_TITLE,
  SENTENCE_END_RE,
  SERIES_LINE_RE,
} from './classify';
import { headingText, type Recorder, warn } from './record';

/** Phase 2's result */
export interface TitleBlock {
  series: string;
  title: string;
  subtitle: string;
  date: string;
  /** A single lecture's speaker, named once right after the title: the speaker of the first part */
  lectureSpeaker: Speaker | null;
  /** Index (into the lines) of the first line of the body */
  bodyStart: number;
}

export function stripDashes(text: string): string {
  return text.replace(/^(?:[—–─―]{1,2}|-{2})\s*/u, '');
}

export function readTitleBlock(cls: ClassifiedLines, rec: Recorder): TitleBlock {
  const { lines, probes, kinds, speakerCount } = cls;
  const block: TitleBlock = { series: '', title: '', subtitle: '', date: '', lectureSpeaker: null, bodyStart: 0 };
  const heading = (i: number): string => headingText(rec, lines[i]!);
  let i = 0;
  const seriesLine = lines.length > 1 ? SERIES_LINE_RE.exec(probes[0]!) : null;
  if (seriesLine && (kinds[1]!.k === 'headingLike' || kinds[1]!.k === 'dashed')) {
    block.series = seriesLine[1]!;
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
    block.title = heading(i);
    i++;
    if (kinds[i]?.k === 'dashed' || (kinds[i]?.k === 'speaker' && /^——\s*在/u.test(probes[i]!))) {
      block.subtitle = stripDashes(heading(i));
      i++;
    } else if (kinds[i]?.k === 'headingLike' && isIntroStart(kinds[i + 1]) && !DATE_LINE_RE.test(probes[i]!)) {
      // two title lines before the opening section: the second is read as the subtitle
      block.subtitle = heading(i);
      warn(rec, lines[i]!.line, 'second title line read as the subtitle');
      i++;
    }
    const date = i < lines.length ? DATE_LINE_RE.exec(probes[i]!) : null;
    if (date) {
      block.date = date[1]!.replace(/\s+/gu, '');
      heading(i);
      i++;
    }
  } else {
    warn(
      rec,
      lines[0]?.line ?? 1,
      'no title line (the first line reads as running text); set `title` in an .md source (lectern import)',
    );
  }
  // A single lecture: its only speaker line right after the title speaks for the whole text.
  const k = kinds[i];
  if (k?.k === 'speaker' && speakerCount === 1) {
    block.lectureSpeaker = k.speaker;
    heading(i);
    i++;
  }
  block.bodyStart = i;
  return block;
}
