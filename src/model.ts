// The document model: what every stage after `source/` works from.
// A transcript (plain .txt or front matter + Markdown .md) is read into one `Document`.

export interface Speaker {
  /** Personal name, e.g. 刘政 */
  name: string;
  /** Post (职务), e.g. 华蓥市禄市镇党委副书记、镇长; empty when the source gives none */
  post: string;
}

/** One paragraph of running text. */
export interface Paragraph {
  /** The text after normalisation; when `lead` is set, `text` starts with it. */
  text: string;
  /** A run-in heading at the start of the paragraph (e.g. 「一是加强学习。」), shown bold; empty if none */
  lead: string;
  /** Line in the source file where the paragraph starts */
  line: number;
  /**
   * In a `dialogue` part: who speaks, as the turn's label names them (「问」「主持人」「温宪」); the
   * label is not part of `text`. A paragraph without a label continues the previous turn (same
   * speaker, `turn` false); a stage note has no speaker. Absent outside dialogues.
   */
  speaker?: string | null;
  /** In a `dialogue` part: the paragraph opens a turn (its label was printed before it) */
  turn?: boolean;
}

export type PartKind = 'intro' | 'talk' | 'section' | 'dialogue';

/**
 * A part of the document in reading order:
 * - `intro`: the opening section (开坛的话, 编者按, a salutation…), may have an empty title;
 * - `talk`: one speaker's contribution, with title, optional subtitle and speaker;
 * - `section`: a numbered heading of a single lecture (一、 is level 1, （一） level 2, 1. level 3, （1） level 4);
 * - `dialogue`: a run of interview or roundtable turns (问：/答：, 主持人：, NAME：), each paragraph with its
 *   `speaker`; titled when a subhead opens it.
 */
export interface Part {
  kind: PartKind;
  title: string;
  subtitle: string;
  speaker: Speaker | null;
  /** 1 for talks and intros; the heading level for sections */
  level: number;
  paragraphs: Paragraph[];
  /** Line of the part's first line in the source */
  line: number;
  /**
   * The speaker line as the source prints it (normalised), when the speaker was read from a line of
   * their own: 「——西河乡乡长 赵卫东」「张红梅（东山镇党委书记）」. The handout prints it so. Not in the JSON.
   */
  speakerLine?: string;
  /**
   * The title's marker as the source prints it when it is not the title alone and text follows on its
   * line: 「【编者按】」「编者按：」 (title 编者按). The handout sets it as the first paragraph's run-in lead.
   */
  titleAsWritten?: string;
}

export interface DocumentMeta {
  title: string;
  subtitle: string;
  /** e.g. 賨州论坛, when the text names a forum/series */
  series: string;
  /** Free text date (from front matter or configuration); empty if unknown */
  date: string;
  /** The date line as printed (「（一九四八年四月一日）」) when it is more than `date`; not in the JSON */
  dateAsWritten?: string;
  hosts: string[];
  guests: string[];
  /**
   * The 主持人/嘉宾 lines as the source prints them (normalised; their brackets and the names'
   * separators kept), with their source lines: the handout's credits block. Transcripts only; not in the JSON.
   */
  creditLines?: { line: number; text: string }[];
  /** The series line as printed (「【賨州论坛】」) when it is more than `series`; not in the JSON */
  seriesAsWritten?: string;
  /** Any other front-matter setting, for templates */
  extra: Record<string, unknown>;
}

export type DiagnosticSeverity = 'warning' | 'error';

/** A warning or error about the input, always tied to a file and (where it applies) a line. */
export interface Diagnostic {
  severity: DiagnosticSeverity;
  file: string;
  line: number;
  message: string;
}

/** A normalisation applied to the text (GB/T 15834 punctuation, spaces…), reported by `lectern check`. */
export interface Change {
  file: string;
  line: number;
  /** What was changed, e.g. `half-width comma → ，` */
  what: string;
  before: string;
  after: string;
}

/** A line of the source that is about the page, not part of the text (来源：…, a time stamp, a caption…) */
export interface MetadataLine {
  line: number;
  /** What it is: source, time, editor, author, url, site (page chrome), page, caption, note, editor-line, byline, repeated title, kicker, occasion, series */
  label: string;
  text: string;
}

export interface Document {
  /** Path of the source file as given */
  file: string;
  /** Base name without extension; names the output folder */
  name: string;
  meta: DocumentMeta;
  parts: Part[];
  warnings: Diagnostic[];
  changes: Change[];
  /** Page metadata lines kept out of the text (transcripts only; absent or empty otherwise) */
  metadata?: MetadataLine[];
}

/** The stable JSON interface printed by `lectern check --json` (documented in the README). */
export interface DocumentJson {
  title: string;
  subtitle: string;
  series: string;
  date: string;
  hosts: string[];
  guests: string[];
  parts: {
    kind: PartKind;
    title: string;
    subtitle: string;
    speaker: Speaker | null;
    level: number;
    paragraphs: string[];
    /** Dialogue parts only: the speaker of each paragraph (null for a stage note) */
    speakers?: (string | null)[];
  }[];
  /** Only when the source has any: page metadata lines (来源, 时间, captions…) left out of the text */
  metadata?: { line: number; label: string; text: string }[];
}

export function documentToJson(doc: Document): DocumentJson {
  const json: DocumentJson = {
    title: doc.meta.title,
    subtitle: doc.meta.subtitle,
    series: doc.meta.series,
    date: doc.meta.date,
    hosts: [...doc.meta.hosts],
    guests: [...doc.meta.guests],
    parts: doc.parts.map((p) => ({
      kind: p.kind,
      title: p.title,
      subtitle: p.subtitle,
      speaker: p.speaker ? { name: p.speaker.name, post: p.speaker.post } : null,
      level: p.level,
      paragraphs: p.paragraphs.map((para) => para.text),
      ...(p.kind === 'dialogue' ? { speakers: p.paragraphs.map((para) => para.speaker ?? null) } : {}),
    })),
  };
  if (doc.metadata && doc.metadata.length > 0)
    json.metadata = doc.metadata.map((m) => ({ line: m.line, label: m.label, text: m.text }));
  return json;
}
