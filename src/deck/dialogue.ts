// Slides of a dialogue part (an interview, a press conference, a roundtable): one exchange at a time.
// The interviewer's question, condensed to its own key clause, heads the slide (战争到现在已经产生了
// 一些什么结果？); the answer's key phrases are the bullets. A question is never a bullet of its answer;
// the notes carry every turn with its speaker's label (问：…, 答：…).
import type { Paragraph } from '../model';
import { type ComposeOptions, composePart, MAX_BULLETS, type SlideDraft } from './compose';
import { clauseRanges, dropFillers, type KeyPhrase, phraseLength, PHRASE_MAX } from './keyphrase';
import { splitSentences } from './text';

/** Labels that name the one who asks: 问, 贝问, 记者问, 記者, 主持人, DVB電視臺記者 … */
const ASKER = /^(?:问|問|提问|提問|主持人?)$|[问問]$|记者|記者/;
/** Labels that name the one who answers: 答, 毛答 … */
const ANSWERER = /[答]$/;
/** A clause that only introduces a question (据你的观察，请问，那末，): never part of its key phrase */
const OPENER = /^(?:据你|依你|在你|请问|那末|那么|我想问|想请问)/;
/** An unlabelled question is short: a turn longer than this is an answer or a statement */
const QUESTION_MAX = 160;

interface Turn {
  speaker: string | null;
  paragraphs: Paragraph[];
  question: boolean;
}

/** Paragraphs grouped into turns: a labelled paragraph opens one, the paragraphs after it continue it. */
function turns(paragraphs: Paragraph[]): Turn[] {
  const out: Turn[] = [];
  for (const p of paragraphs) {
    const cur = out[out.length - 1];
    if (p.turn || !cur) out.push({ speaker: p.speaker ?? null, paragraphs: [p], question: false });
    else cur.paragraphs.push(p);
  }
  for (const t of out) {
    const text = t.paragraphs.map((p) => p.text).join('');
    const label = t.speaker ?? '';
    t.question =
      label !== '' &&
      !ANSWERER.test(label) &&
      (ASKER.test(label) || (/[？?]/.test(text) && phraseLength(text) <= QUESTION_MAX && t.paragraphs.length === 1));
  }
  return out;
}

/**
 * The question of a turn condensed to a key phrase: the clause that asks (the one before ？, with
 * the clause before it when it is too short), or the opening clause of a request (请你告我以八路军的情形).
 */
export function questionPhrase(text: string): KeyPhrase | null {
  const sentences = splitSentences(text);
  const asking = sentences.find((s) => /[？?]$/.test(s.trim())) ?? sentences[0];
  if (!asking) return null;
  const ranges = clauseRanges(asking);
  if (ranges.length === 0) return null;
  const asks = /[？?]$/.test(asking.trim());
  let i = asks ? ranges.length - 1 : 0;
  const to = ranges[i]![1];
  const span = () => dropFillers(asking.slice(ranges[i]![0], to).replace(/^(?:请问|那末|那么)[，,]?/, ''));
  // a clause of a few characters (是不是这样？) or without its subject (有什么具体表示？) asks with the one before it
  while (
    asks &&
    i > 0 &&
    (phraseLength(span().rest) < 6 || /^[有是能会要该可怎如]/.test(span().rest)) &&
    !OPENER.test(asking.slice(ranges[i - 1]![0], ranges[i - 1]![1])) &&
    phraseLength(asking.slice(ranges[i - 1]![0], to)) <= PHRASE_MAX
  )
    i--;
  const from = ranges[i]![0];
  const raw = asking.slice(from, to);
  const opener = /^(?:请问|那末|那么)[，,]?/.exec(raw)?.[0] ?? '';
  const d = dropFillers(raw.slice(opener.length));
  if (!d.rest || phraseLength(d.rest) > PHRASE_MAX + 6) return null;
  return {
    text: d.rest,
    source: asking,
    from,
    to,
    dropped: opener ? [opener, ...d.dropped] : d.dropped,
    kind: 'question',
    score: Infinity,
  };
}

/** A turn's paragraphs as the notes carry them: the first with its speaker's label. */
function labelled(t: Turn): string[] {
  return t.paragraphs.map((p, i) => (i === 0 && t.speaker && p.turn ? `${t.speaker}：${p.text}` : p.text));
}

/**
 * Prefixes the notes of `drafts` that open a labelled turn with the label. The drafts' notes are the
 * paragraphs of `ts`, in order, some cut into consecutive pieces.
 */
function labelNotes(drafts: SlideDraft[], ts: Turn[]): void {
  const paras = ts.flatMap((t) => t.paragraphs.map((p, i) => ({ p, label: i === 0 && p.turn ? t.speaker : null })));
  let k = 0;
  let offset = 0;
  for (const d of drafts) {
    d.notes = d.notes.map((n) => {
      const cur = paras[k];
      const out = cur && offset === 0 && cur.label ? `${cur.label}：${n}` : n;
      offset += n.length;
      if (cur && offset >= cur.p.text.length) {
        k++;
        offset = 0;
      }
      return out;
    });
  }
}

/** A slide that gained a line keeps its five best (a question or lead line first). */
function trimToMax(d: SlideDraft): void {
  while (d.bullets.length > MAX_BULLETS) {
    const scores = d.bullets.map((b) => Math.max(...b.phrases.map((p) => p.score)));
    d.bullets.splice(scores.indexOf(Math.min(...scores)), 1);
  }
}

/** The slides of a dialogue part; a part without a recognisable question is composed like any other. */
export function composeDialogue(paragraphs: Paragraph[], o: ComposeOptions): SlideDraft[] {
  const ts = turns(paragraphs);
  if (!ts.some((t) => t.question)) {
    const drafts = composePart(paragraphs, o);
    labelNotes(drafts, ts);
    return drafts;
  }
  // exchanges: a question and the answers after it (turns before the first question stand alone)
  const exchanges: { question: Turn | null; answers: Turn[] }[] = [];
  for (const t of ts) {
    if (t.question || exchanges.length === 0) exchanges.push({ question: t.question ? t : null, answers: [] });
    if (!t.question) exchanges[exchanges.length - 1]!.answers.push(t);
  }
  const made: Exchange[] = [];
  for (const ex of exchanges) {
    const q = ex.question ? questionPhrase(ex.question.paragraphs.map((p) => p.text).join('')) : null;
    const asks = /[？?]$/.test(q?.source.trim() ?? '');
    const headline = q && o.fitsHeadline(q.text + (asks ? '？' : '')) ? q.text + (asks ? '？' : '') : null;
    const answers = ex.answers.flatMap((t) => t.paragraphs);
    const drafts = answers.length ? composePart(answers, { ...o, closing: false }) : [];
    labelNotes(drafts, ex.answers);
    const qNotes = ex.question ? labelled(ex.question) : [];
    const label = ex.question?.speaker ?? '问';
    if (drafts.length === 0) {
      // a question nobody answers here: a slide of its own, the question its labelled line
      const line = q ? [{ strong: '', asker: label, text: q.text, phrases: [q] }] : [];
      drafts.push({ kind: 'points', headline: null, bullets: line, notes: qNotes, spare: [] });
      made.push({ q, label, drafts, small: true });
      continue;
    }
    const first = drafts[0]!;
    if (q && !headline) {
      // a question too long to head the slide is its first line, labelled with the one who asks
      first.bullets.unshift({ strong: '', asker: label, text: q.text, phrases: [q] });
    }
    if (ex.question) {
      // the question heads the exchange's slides (a slide with its own lead shows that lead as a bullet)
      for (const d of drafts) {
        if (d.headline !== null && d !== first) continue;
        if (d.headline !== null && d.lead) d.bullets.unshift({ strong: '', text: d.lead.text, phrases: [d.lead] });
        d.headline = headline;
        if (q) d.question = q;
      }
      first.notes.unshift(...qNotes);
    }
    for (const d of drafts) trimToMax(d);
    made.push({
      q,
      label,
      drafts,
      small: q !== null && headline !== null && drafts.length === 1 && first.bullets.length <= 2,
    });
  }
  return packShort(made);
}

interface Exchange {
  q: KeyPhrase | null;
  /** Who asks, for the labelled line */
  label: string;
  drafts: SlideDraft[];
  /** One slide of one or two bullets under its question */
  small: boolean;
}

/**
 * Short exchanges (问：为什么？答：…一句) share a slide: each question a labelled line (问　为什么)
 * followed by its answer's bullets, at most five lines, under the part's headline. A short exchange
 * of one bullet with no short neighbour shows its question as a labelled line over its answer.
 */
function packShort(made: Exchange[]): SlideDraft[] {
  const out: SlideDraft[] = [];
  let i = 0;
  while (i < made.length) {
    const ex = made[i]!;
    if (!ex.small) {
      out.push(...ex.drafts);
      i++;
      continue;
    }
    let j = i;
    while (j < made.length && made[j]!.small) j++;
    const run = made.slice(i, j);
    if (run.length === 1 && run[0]!.drafts[0]!.bullets.length >= 2) {
      out.push(...ex.drafts);
      i = j;
      continue;
    }
    let cur: SlideDraft | null = null;
    for (const e of run) {
      const d = e.drafts[0]!;
      const qLine = d.bullets.some((b) => b.phrases[0] === e.q)
        ? []
        : [{ strong: '', asker: e.label, text: e.q!.text, phrases: [e.q!] }];
      const lines = [...qLine, ...d.bullets];
      if (!cur || cur.bullets.length + lines.length > MAX_BULLETS) {
        cur = { kind: 'points', headline: null, bullets: [], notes: [], spare: [], question: e.q! };
        out.push(cur);
      }
      cur.bullets.push(...lines);
      cur.notes.push(...d.notes);
    }
    i = j;
  }
  return out;
}
