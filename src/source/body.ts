// Phase 3 of transcript recognition: the body, line by line — a state machine whose state is the
// part being filled, the paragraph a hard line wrap may continue, and the speaker of the current turn.
import { HAN, hanRegExp } from '../cjk';
import type { MetadataLine, Paragraph, Part, Speaker } from '../model';
import {
  type ClassifiedLines,
  classifyNumbered,
  type LineKind,
  looksCutOff,
  MAX_WRAP_WIDTH,
  PARAGRAPH_END,
} from './classify';
import { ASCII_ALNUM, charClass, DIGITS } from './char-class';
import { MAX_SUBHEAD, OPEN_END } from './headings';
import { normalizeLine } from './normalize';
import { bodyText, headingText, type Recorder, warn } from './record';
import { looksLikeName } from './speaker';
import { stripDashes, type TitleBlock } from './title-block';

export function newPart(kind: Part['kind'], line: number, init: Partial<Part> = {}): Part {
  return { kind, title: '', subtitle: '', speaker: null, level: 1, paragraphs: [], line, ...init };
}

/** Phase 3's result */
export interface Body {
  parts: Part[];
  /** The title block's lecture speaker found no part to speak (nothing after the speaker line) */
  speakerUnused: boolean;
  /** Metadata lines met in the body (来源, 责任编辑, a repeated title…) */
  metadata: MetadataLine[];
  /** A closing signature: 「新街小学五年级 王子恒」 + 「2022年9月15日」 */
  signature: { speaker: Speaker; date: string; line: string } | null;
}

/** A whole line in brackets: a stage note in a dialogue (「（嘉宾演讲结束后，进入互动环节）」) */
const NOTE_RE = /^[（(【[〔][^）)】\]〕]*[）)】\]〕]$/u;
/** A paragraph may end a line cut by a hard wrap after these (a particle or preposition) */
const DANGLING = charClass('的和与及或之在对把被从向将');
/** A line that is only a fragment of inline markup broken out of its sentence (「PM」 / 「2.5」 / 「年平均…」) */
const FRAGMENT_RE = /^[A-Za-z0-9.%+\-/]{1,8}$/u;
/** Longest caption taken under an image without a credit (「发布会现场」) */
const MAX_CAPTION = 12;
/** 「值周教师总结发言稿 1」: an item label, the page's title and a number */
const ITEM_NUMBER_RE = /\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})$/u;
const ITEM_NUMBER_END = charClass(`${DIGITS}一二三四五六七八九十`);

const SIGNATURE_RE = hanRegExp(String.raw`^(\S.{0,30}?)\s+(${HAN}{2,3})$`, 'u');
/** 「新街小学五年级 王子恒」: a post or class, a space, a name */
function signatureSpeaker(text: string): Speaker | null {
  const m = SIGNATURE_RE().exec(text);
  if (!m || !looksLikeName(m[2]!)) return null;
  return { name: m[2]!, post: m[1]!.trim() };
}

export function readBody(
  cls: ClassifiedLines,
  from: number,
  block: Pick<TitleBlock, 'title' | 'subtitle' | 'lectureSpeaker' | 'lectureSpeakerLine'>,
  rec: Recorder,
): Body {
  const { lines, probes, kinds, speakerCount } = cls;
  const guestSet = new Set(cls.guests);
  const file = rec.file;
  const heading = (i: number): string => headingText(rec, lines[i]!);
  const body = (i: number): string => bodyText(rec, lines[i]!);
  const parts: Part[] = [];
  const metadata: MetadataLine[] = [];
  let speaker = block.lectureSpeaker;
  const speakerLine = block.lectureSpeakerLine;
  let current: Part | null = null;
  /** The last paragraph, while its line looked cut off (long, no closing punctuation): a hard wrap */
  let wrapped: Paragraph | null = null;
  /** In a dialogue: who speaks now (a paragraph without a label continues the turn) */
  let turnSpeaker: string | null = null;

  // a closing signature: a speaker line and a date as the last two lines
  let end = lines.length;
  let signature: Body['signature'] = null;
  const last = kinds[end - 1];
  if (end - 2 >= from && last?.k === 'date') {
    const sig = signatureSpeaker(probes[end - 2]!);
    if (sig) {
      signature = { speaker: sig, date: last.date, line: heading(end - 2) };
      heading(end - 1);
      end -= 2;
    }
  }

  const open = (part: Part): Part => {
    if (speaker && !(part.kind === 'intro' && part.title)) {
      part.speaker = speaker;
      if (speakerLine) part.speakerLine = speakerLine;
      speaker = null;
    }
    parts.push(part);
    current = part;
    wrapped = null;
    turnSpeaker = null;
    return part;
  };
  const addParagraph = (text: string, line: number, lead = '', mayWrap = true): Paragraph => {
    const part = current ?? open(newPart('intro', line));
    const para: Paragraph = { text, lead, line };
    if (part.kind === 'dialogue') {
      para.speaker = NOTE_RE.test(text) ? null : turnSpeaker;
      para.turn = false;
    }
    part.paragraphs.push(para);
    wrapped = mayWrap && (looksCutOff(text) || DANGLING.atEnd(text) || ASCII_ALNUM.atEnd(text)) ? para : null;
    continuing = false;
    unfinished = false;
    return para;
  };
  /** Joins line i to a paragraph cut off by a hard line wrap (pasted newspaper columns); true if it did */
  const continueWrapped = (i: number): boolean => {
    const para = wrapped as Paragraph | null;
    if (!para) return false;
    // a line followed by a heading is never glued: it may end a section as it is — unless a join made
    // because the words could not end there is still open (「…经济社会发展的」+「主要目标」+「是：…」,
    // 「…PM」+「2.5」+「年平均浓度…」)
    const next = kinds[i + 1];
    if (next?.k === 'numbered' && next.heading && !(continuing && unfinished)) return false;
    const fragment = FRAGMENT_RE.test(probes[i]!);
    // a paragraph ending in Latin or digits continues only into a broken-out fragment (「…PM」 + 「2.5」); a line joined without closing punctuation is continued by the next
    const cut = looksCutOff(para.text) || DANGLING.atEnd(para.text) || continuing || fragment;
    if (!cut) return false;
    const cannotEnd = DANGLING.atEnd(para.text) || ASCII_ALNUM.atEnd(para.text) || fragment;
    const text = body(i);
    const glue = ASCII_ALNUM.atEnd(para.text) && ASCII_ALNUM.atStart(text) && !fragment ? ' ' : '';
    rec.changes.push({
      file,
      line: lines[i]!.line,
      what: `line joined to the paragraph of line ${para.line} (hard line wrap)`,
      before: `${para.text.slice(-4)}⏎${text.slice(0, 4)}`,
      after: `${para.text.slice(-4)}${glue}${text.slice(0, 4)}`,
    });
    para.text += glue + text;
    // the joined line did not end the sentence either: the next line continues it
    continuing = !PARAGRAPH_END.atEnd(text) && text.length <= MAX_WRAP_WIDTH;
    unfinished = continuing && (unfinished || cannotEnd);
    if (!continuing) wrapped = null;
    return true;
  };
  let continuing = false;
  /** The open join began where the words cannot end (a particle such as 的, Latin or digits) */
  let unfinished = false;
  /** A short line between closed paragraphs may be a heading: it is never the first half of a join */
  const mayBeHeading = (i: number): boolean =>
    kinds[i]!.k === 'headingLike' &&
    probes[i]!.length <= MAX_SUBHEAD &&
    !OPEN_END.atEnd(probes[i]!) &&
    (i === from ||
      (kinds[i - 1]!.k !== 'para' && kinds[i - 1]!.k !== 'headingLike') ||
      PARAGRAPH_END.atEnd(probes[i - 1]!) ||
      (kinds[i - 1]!.k === 'headingLike' && !OPEN_END.atEnd(probes[i - 1]!)));
  const startTalk = (titleAt: number[], speakerAt: number): void => {
    const kind = kinds[speakerAt] as { speaker: Speaker };
    const title = titleAt[0] !== undefined ? heading(titleAt[0]) : '';
    const subtitle = titleAt[1] !== undefined ? stripDashes(heading(titleAt[1])) : '';
    const speakerLine = heading(speakerAt);
    const line = lines[titleAt[0] ?? speakerAt]!.line;
    open(newPart('talk', line, { title, subtitle, speaker: { ...kind.speaker }, speakerLine }));
    if (guestSet.size > 0 && !guestSet.has(kind.speaker.name)) {
      warn(rec, lines[speakerAt]!.line, `speaker ${kind.speaker.name} is not in the 嘉宾 list`);
    }
  };
  /** A turn: continue the dialogue, turn the fresh heading above it into a dialogue, or open one */
  const startTurn = (i: number, k: Extract<LineKind, { k: 'turn' }>): void => {
    const part = current as Part | null;
    if (part?.kind !== 'dialogue') {
      if (part && part.paragraphs.length === 0 && part.title && part.kind !== 'talk') part.kind = 'dialogue';
      else open(newPart('dialogue', lines[i]!.line));
    }
    heading(i); // the label's normalisation changes
    turnSpeaker = k.turn.speaker;
    wrapped = null;
    if (k.turn.rest) {
      const text = normalizeLine(k.turn.rest, 'body', file, lines[i]!.line, rec.changes);
      const para = addParagraph(text, lines[i]!.line, '', false);
      para.speaker = k.turn.speaker;
      para.turn = true;
    }
  };
  /** Opens a dialogue part titled by line i (and subtitled by line i+1) when a turn follows */
  const startDialogue = (titleAt: number[]): void => {
    const title = heading(titleAt[0]!);
    const subtitle = titleAt[1] !== undefined ? stripDashes(heading(titleAt[1])) : '';
    open(newPart('dialogue', lines[titleAt[0]!]!.line, { title, subtitle }));
  };
  const isTitleCandidate = (j: number): boolean => kinds[j]?.k === 'headingLike' || kinds[j]?.k === 'dashed';
  const itemTitle = block.title.replace(/\s+/gu, '');
  /** The last line that printed the headline again: the alt text of an image on the page */
  let imageAt = -2;

  for (let i = from; i < end; i++) {
    const kind = kinds[i]!;
    const line = lines[i]!.line;
    const probe = probes[i]!;
    if (i > 0 && block.title && (probe === block.title || (block.subtitle && probe === block.subtitle))) {
      // the page's headline printed again (image alt text, a second headline)
      heading(i);
      metadata.push({ line, label: 'repeated title', text: probe });
      wrapped = null;
      imageAt = i;
      continue;
    }
    if (
      itemTitle.length >= 2 &&
      ITEM_NUMBER_END.atEnd(probe) &&
      probe.replace(/\s+/gu, '').startsWith(itemTitle) &&
      ITEM_NUMBER_RE.test(probe) &&
      probe.replace(ITEM_NUMBER_RE, '').replace(/\s+/gu, '') === itemTitle
    ) {
      // 「值周教师总结发言稿 1」: one item of a page of several
      open(newPart('talk', line, { title: heading(i) }));
      continue;
    }
    if (
      imageAt === i - 1 &&
      kind.k === 'headingLike' &&
      probe.length <= MAX_CAPTION &&
      !/\p{P}/u.test(probe) &&
      (kinds[i + 1]?.k === 'para' || kinds[i + 1]?.k === 'headingLike')
    ) {
      // the line under an image (its alt text repeats the headline) that names the scene: its caption
      // (「发布会现场」), which the handout has no picture for
      heading(i);
      metadata.push({ line, label: 'caption', text: probe });
      continue;
    }
    switch (kind.k) {
      case 'host':
      case 'guest':
        wrapped = null;
        break;
      case 'meta':
        heading(i);
        metadata.push({ line, label: kind.label, text: kind.value || probe });
        break;
      case 'date': {
        // a date line right under a heading is the part's date: its subtitle
        const part = current as Part | null;
        if (part && part.paragraphs.length === 0 && !part.subtitle && part.line === lines[i - 1]?.line) {
          heading(i);
          part.subtitle = kind.date;
        } else addParagraph(body(i), line);
        break;
      }
      case 'turn':
        startTurn(i, kind);
        break;
      case 'intro':
        heading(i); // records the line's punctuation changes (the title and text come from the probe)
        open(newPart('intro', line, { title: kind.title }));
        // 「【编者按】本期……」「编者按：本文……」: the marker as printed, for the handout's run-in lead
        if (kind.rest && probe.endsWith(kind.rest)) {
          const marker = probe.slice(0, probe.length - kind.rest.length).trim();
          if (marker !== kind.title) (current as Part | null)!.titleAsWritten = marker;
        }
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
        } else if (kind.heading) {
          const normalised = heading(i);
          const title = kind.title ?? normalised;
          if (kind.title && kind.title !== normalised)
            rec.changes.push({ file, line, what: 'letter-spaced heading closed up', before: normalised, after: title });
          open(newPart('section', line, { title, level: kind.level }));
        } else {
          if (continueWrapped(i)) break;
          // the lead is taken again from the final text, whose spaces may differ from the probe's
          const text = body(i);
          const again = classifyNumbered(text);
          addParagraph(text, line, again && again.k === 'numbered' ? again.lead : '');
        }
        break;
      case 'itemLabel':
        heading(i);
        open(newPart('talk', line, { title: kind.title }));
        break;
      case 'speaker': {
        const part = current as Part | null;
        if (part && part.kind === 'talk' && !part.speaker && part.paragraphs.length === 0) {
          // the speaker line under an item label (「晨会发言：」 + 「初二3班  李思远」)
          part.speakerLine = heading(i);
          part.speaker = { ...kind.speaker };
        } else if (
          part &&
          part.kind === 'talk' &&
          !part.speaker &&
          part.paragraphs.length > 0 &&
          (i + 1 === end || kinds[i + 1]!.k === 'itemLabel')
        ) {
          // a speaker line closing an item (「值班领导：陈晓东」 at its end)
          part.speakerLine = heading(i);
          part.speaker = { ...kind.speaker };
        } else startTalk([], i);
        break;
      }
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
        } else if (kinds[i + 1]?.k === 'turn' && kind.k === 'headingLike') {
          startDialogue([i]);
        } else if (isTitleCandidate(i + 1) && kinds[i + 2]?.k === 'turn' && kind.k === 'headingLike') {
          startDialogue([i, i + 1]);
          i += 1;
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
          (looksCutOff(probe) || DANGLING.atEnd(probe)) &&
          !mayBeHeading(i) &&
          (kinds[i + 1]?.k === 'para' || kinds[i + 1]?.k === 'headingLike')
        ) {
          // a sentence cut off by a hard line wrap; the next line is joined to it
          addParagraph(body(i), line);
        } else if ((current as Part | null)?.kind === 'dialogue') {
          addParagraph(body(i), line, '', false);
        } else {
          addParagraph(body(i), line, '', !mayBeHeading(i));
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
  return { parts, speakerUnused: speaker !== null, metadata, signature };
}
