// Phase 3 of transcript recognition: the body, line by line — a state machine whose state is the
// part being filled and the paragraph a hard line wrap may continue.
import type { Paragraph, Part, Speaker } from '../model';
import { type ClassifiedLines, classifyNumbered, looksCutOff } from './classify';
import { normalizeLine } from './normalize';
import { bodyText, headingText, type Recorder, warn } from './record';
import { stripDashes } from './title-block';

export function newPart(kind: Part['kind'], line: number, init: Partial<Part> = {}): Part {
  return { kind, title: '', subtitle: '', speaker: null, level: 1, paragraphs: [], line, ...init };
}

/** Phase 3's result */
export interface Body {
  parts: Part[];
  /** The title block's lecture speaker found no part to speak (nothing after the speaker line) */
  speakerUnused: boolean;
}

export function readBody(cls: ClassifiedLines, from: number, lectureSpeaker: Speaker | null, rec: Recorder): Body {
  const { lines, probes, kinds, speakerCount } = cls;
  const guestSet = new Set(cls.guests);
  const file = rec.file;
  const heading = (i: number): string => headingText(rec, lines[i]!);
  const body = (i: number): string => bodyText(rec, lines[i]!);
  const parts: Part[] = [];
  let speaker = lectureSpeaker;
  let current: Part | null = null;
  /** The last paragraph, while its line looked cut off (long, no closing punctuation): a hard wrap */
  let wrapped: Paragraph | null = null;
  const open = (part: Part): Part => {
    if (speaker && !(part.kind === 'intro' && part.title)) {
      part.speaker = speaker;
      speaker = null;
    }
    parts.push(part);
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
    rec.changes.push({
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
      warn(rec, lines[speakerAt]!.line, `speaker ${kind.speaker.name} is not in the 嘉宾 list`);
    }
  };
  const isTitleCandidate = (j: number): boolean => kinds[j]?.k === 'headingLike' || kinds[j]?.k === 'dashed';

  for (let i = from; i < lines.length; i++) {
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
        if (kind.rest) addParagraph(normalizeLine(kind.rest, 'body', file, line, rec.changes), line);
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
          warn(
            rec,
            line,
            'read as the title of a talk without a speaker line; check it, or correct it in an .md source',
          );
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
            rec,
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
  return { parts, speakerUnused: speaker !== null };
}
