// The structured source (.md): YAML front matter + Markdown body. It is what `lectern import` writes
// and what a person edits when recognition guessed wrong, so it states the structure explicitly:
//
//   ---
//   title: 广安适应新时代新发展 提升乡镇党政正职履职能力
//   subtitle: ''            series, date, hosts: [卢琴, 刘毓然], guests: [...]; any other key → meta.extra
//   ---
//   # 开坛的话 {.intro}      a level-1 heading is a part: {.intro} an opening section, else a talk
//   **副标题：** 推动工业经济高质量发展          (marked lines right under a part heading)
//   **发言人：** 江苏省常州市金坛区直溪镇党委书记 吴志高   (post, then the name after the last space)
//   ## 一、坚持党建引领      ## … ##### are numbered sections of level 1 … 4
//   Paragraphs are paragraphs; a bold start (**一是加强学习。**要……) is the paragraph's lead.
//
// Text is normalised like a transcript (each change reported), so .txt → .md → Document is the same.
import matter from 'gray-matter';
import MarkdownItCtor from 'markdown-it';
import type { MarkdownIt, Token } from 'markdown-it';
import cjkFriendly from 'markdown-it-cjk-friendly';
import { HAN, hanRegExp } from '../cjk';
import type { Change, Document, Part, Speaker } from '../model';
import { LecternError } from '../errors';
import { normalizeLine } from './normalize';
import { emptyDocument, splitLines } from './transcript';

/** Marked lines under a part heading */
const SUBTITLE_LABEL = '副标题';
const SPEAKER_LABEL = '发言人';
const FIELD_RE = /^(副标题|发言人|主讲人|主讲|讲话人|报告人)\s*[:：]\s*(.*)$/u;
const KIND_ATTR_RE = /\s*\{\s*\.(intro|talk|section|dialogue)\s*\}\s*$/u;

let md: MarkdownIt | null = null;
function markdown(): MarkdownIt {
  // html off: raw HTML in a transcript is text, never markup
  // cjk-friendly: `**一是加强学习。**要……` closes the bold run although 。 is followed by a Han letter
  md ??= new MarkdownItCtor('commonmark', { html: false, linkify: false, typographer: false }).use(cjkFriendly);
  return md;
}

const isAsciiWord = (ch: string | undefined): boolean => ch !== undefined && /[A-Za-z0-9]/.test(ch);

/** Plain text of an inline token's children; a leading bold run is returned as `lead`. */
function plainTextAndBoldLead(children: Token[]): { text: string; lead: string } {
  let text = '';
  let lead = '';
  let strongDepth = 0;
  let leadOpen = false;
  for (let i = 0; i < children.length; i++) {
    const t = children[i]!;
    switch (t.type) {
      case 'strong_open':
        if (text.trim() === '' && strongDepth === 0 && !lead) leadOpen = true;
        strongDepth++;
        break;
      case 'strong_close':
        strongDepth--;
        if (leadOpen && strongDepth === 0) {
          lead = text.trim();
          leadOpen = false;
        }
        break;
      case 'softbreak':
      case 'hardbreak':
        // CJK lines join without a space; Latin words keep one
        if (isAsciiWord(text.at(-1)) && isAsciiWord(children[i + 1]?.content[0])) text += ' ';
        break;
      case 'image':
        text += t.content;
        break;
      default:
        text += t.content;
    }
  }
  return { text: text.trim(), lead };
}

function frontMatterLine(text: string, key: string): number | undefined {
  const lines = text.split(/\r\n|\r|\n/u);
  for (let i = 1; i < lines.length; i++) {
    if (/^(---|\.\.\.)\s*$/u.test(lines[i]!)) return undefined;
    if (new RegExp(`^${key}\\s*:`, 'u').test(lines[i]!)) return i + 1;
  }
  return undefined;
}

function asString(value: unknown, key: string, file: string, text: string): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' || typeof value === 'number') return String(value).trim();
  throw new LecternError(
    file,
    `front matter: \`${key}\` must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`,
    {
      line: frontMatterLine(text, key),
      hint: `write \`${key}: …\` on one line`,
    },
  );
}

function asNames(value: unknown, key: string, file: string, text: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value.split(/[\s、，,；;]+/u).filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number'))
    return value.map((v) => String(v).trim()).filter(Boolean);
  throw new LecternError(file, `front matter: \`${key}\` must be a list of names`, {
    line: frontMatterLine(text, key),
    hint: `write \`${key}: [张三, 李四]\``,
  });
}

interface YamlErrorLike {
  name: string;
  message: string;
  reason?: string;
  mark?: { line: number };
}

/** Splits the front matter off; errors name the front-matter line. Returns data, body and the body's first line. */
function readFrontMatter(
  text: string,
  file: string,
): { data: Record<string, unknown>; body: string; bodyLine: number } {
  const startsWithFence = /^---[ \t]*(\r\n|\r|\n)/u.test(text);
  if (startsWithFence && !/(\r\n|\r|\n)(---|\.\.\.)[ \t]*(\r\n|\r|\n|$)/u.test(text.slice(3))) {
    throw new LecternError(file, 'front matter: the opening --- has no closing --- line', {
      line: 1,
      hint: 'end the front matter with a line `---`',
    });
  }
  let parsed: { data: Record<string, unknown>; content: string };
  try {
    // an options object turns off gray-matter's cache (it would share one result between calls)
    parsed = matter(text, { excerpt: false });
  } catch (e) {
    const err = e as YamlErrorLike;
    const line = err.mark ? err.mark.line + 1 : 1;
    const reason = (err.reason ?? err.message.split('\n')[0] ?? 'cannot be read').trim();
    throw new LecternError(file, `front matter: ${reason}`, {
      line,
      hint: 'fix the YAML (key: value, one per line; lists as [a, b])',
    });
  }
  const data: unknown = parsed.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new LecternError(file, 'front matter: must be `key: value` lines', {
      line: 2,
      hint: 'write e.g. `title: …`',
    });
  }
  const bodyStart = text.length - parsed.content.length;
  let bodyLine = 1;
  for (let i = 0; i < bodyStart; i++) if (text.charCodeAt(i) === 10) bodyLine++;
  return { data: data as Record<string, unknown>, body: parsed.content, bodyLine };
}

function parseSpeakerField(value: string): Speaker {
  const v = value.trim();
  const withPost = /^(.+?)[（(]([^（）()]+)[）)]$/u.exec(v);
  if (withPost) return { name: withPost[1]!.trim(), post: withPost[2]!.trim() };
  const lastSpace = v.search(/\s\S+$/u);
  if (lastSpace < 0) return { name: v, post: '' };
  return { name: v.slice(lastSpace).trim(), post: v.slice(0, lastSpace).trim() };
}

export function parseMarkdownSource(text: string, file: string): Document {
  const doc = emptyDocument(file);
  const changes: Change[] = doc.changes;
  const warn = (line: number, message: string): void => {
    doc.warnings.push({ severity: 'warning', file, line, message });
  };
  const { data, body, bodyLine } = readFrontMatter(text, file);
  const known = new Set(['title', 'subtitle', 'series', 'date', 'hosts', 'guests', 'metadata']);
  if (Array.isArray(data.metadata))
    doc.metadata = (data.metadata as unknown[]).flatMap((m) => {
      const r = m as { line?: unknown; label?: unknown; text?: unknown };
      return typeof r?.label === 'string' && typeof r.text === 'string'
        ? [{ line: typeof r.line === 'number' ? r.line : 0, label: r.label, text: r.text }]
        : [];
    });
  const metaLine = (key: string): number => frontMatterLine(text, key) ?? 1;
  const head = (s: string, key: string): string => normalizeLine(s, 'heading', file, metaLine(key), changes);
  doc.meta.title = head(asString(data.title, 'title', file, text), 'title');
  doc.meta.subtitle = head(asString(data.subtitle, 'subtitle', file, text), 'subtitle');
  doc.meta.series = head(asString(data.series, 'series', file, text), 'series');
  doc.meta.date = asString(data.date, 'date', file, text);
  doc.meta.hosts = asNames(data.hosts, 'hosts', file, text);
  doc.meta.guests = asNames(data.guests, 'guests', file, text);
  for (const [k, v] of Object.entries(data))
    if (!known.has(k)) doc.meta.extra[k] = v instanceof Date ? v.toISOString().slice(0, 10) : v;
  if (!doc.meta.title) warn(1, 'front matter has no `title`');

  const tokens = markdown().parse(body, {});
  let current: Part | null = null;
  /** true while only marked lines (副标题/发言人) have followed the part heading */
  let inFields = false;
  const lineOf = (t: Token): number => (t.map ? t.map[0] + bodyLine : bodyLine);

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'heading_open') {
      const inline = tokens[i + 1]!;
      const line = lineOf(t);
      let title = plainTextAndBoldLead(inline.children ?? []).text;
      const depth = Number(t.tag.slice(1));
      // the kind marker must be written unescaped in the source; `\{.intro\}` is literal text
      const escapedAttr = /\\\{\s*\.\w+\s*\\?\}\s*$/u.test(inline.content);
      const kindAttr = escapedAttr ? null : KIND_ATTR_RE.exec(inline.content);
      if (kindAttr) title = title.replace(KIND_ATTR_RE, '');
      let kind: Part['kind'] = depth === 1 ? 'talk' : 'section';
      if (kindAttr) kind = kindAttr[1] as Part['kind'];
      const level = kind === 'section' ? Math.min(4, Math.max(1, depth - 1)) : 1;
      if (depth > 5) warn(line, `heading level ${depth} read as a section of level 4`);
      current = {
        kind,
        title: normalizeLine(title, 'heading', file, line, changes),
        subtitle: '',
        speaker: null,
        level,
        paragraphs: [],
        line,
      };
      doc.parts.push(current);
      inFields = true;
      i += 2; // inline, heading_close
      continue;
    }
    if (t.type === 'paragraph_open') {
      const inline = tokens[i + 1]!;
      const startLine = lineOf(t);
      const rawLines: string[] = inline.content.split('\n');
      const children = inline.children ?? [];
      // leading marked lines (副标题/发言人) right under a part heading; the rest is the paragraph
      let fieldCount = 0;
      if (current && inFields) {
        for (const l of rawLines) {
          const f = FIELD_RE.exec(l.replace(/\*\*/gu, '').trim());
          if (!f) break;
          const [, label, value] = f as unknown as [string, string, string];
          const unescaped = value.replace(/\\([!-/:-@[-`{-~])/gu, '$1');
          const at = startLine + fieldCount;
          if (label === SUBTITLE_LABEL) current.subtitle = normalizeLine(unescaped, 'heading', file, at, changes);
          else current.speaker = parseSpeakerField(normalizeLine(unescaped, 'heading', file, at, changes));
          fieldCount++;
        }
      }
      if (fieldCount === rawLines.length) {
        i += 2; // more marked lines may follow after a blank line
        continue;
      }
      inFields = false;
      const rest =
        fieldCount === 0
          ? children
          : (markdown().parseInline(rawLines.slice(fieldCount).join('\n'), {})[0]?.children ?? []);
      const { text: raw, lead: rawLead } = plainTextAndBoldLead(rest);
      const part =
        current ??
        (current = {
          kind: 'intro',
          title: '',
          subtitle: '',
          speaker: null,
          level: 1,
          paragraphs: [],
          line: startLine,
        });
      if (!doc.parts.includes(part)) doc.parts.push(part);
      const paraLine = startLine + fieldCount;
      const textNorm = normalizeLine(raw, 'body', file, paraLine, changes);
      const lead = rawLead ? normalizeLine(rawLead, 'body', file, paraLine, []) : '';
      if (lead && !textNorm.startsWith(lead)) warn(paraLine, 'bold text inside a paragraph is kept as plain text');
      if (part.kind === 'dialogue') {
        // 「**问：**…」 opens a turn; a paragraph without a label continues it; a bracketed note has no speaker
        const label = lead && /[：:]$/u.test(lead) && textNorm.startsWith(lead) ? lead.slice(0, -1) : '';
        const previous = part.paragraphs.at(-1)?.speaker ?? null;
        const note = /^[（(【[〔][^）)】\]〕]*[）)】\]〕]$/u.test(textNorm);
        part.paragraphs.push({
          text: label ? textNorm.slice(lead.length) : textNorm,
          lead: '',
          line: paraLine,
          speaker: label || (note ? null : previous),
          turn: label !== '',
        });
      } else
        part.paragraphs.push({ text: textNorm, lead: lead && textNorm.startsWith(lead) ? lead : '', line: paraLine });
      i += 2;
      continue;
    }
    if (t.type === 'fence' || t.type === 'code_block' || t.type === 'html_block') {
      const line = lineOf(t);
      warn(line, `${t.type === 'html_block' ? 'HTML' : 'code'} block kept as a plain paragraph`);
      const part =
        current ??
        (current = { kind: 'intro', title: '', subtitle: '', speaker: null, level: 1, paragraphs: [], line });
      if (!doc.parts.includes(part)) doc.parts.push(part);
      for (const l of splitLines(t.content, file, []))
        part.paragraphs.push({ text: l.raw, lead: '', line: line + l.line });
      inFields = false;
      continue;
    }
    if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open')
      warn(lineOf(t), 'list items are read as paragraphs (the list marks are dropped)');
    if (t.type === 'hr') warn(lineOf(t), 'horizontal rule ignored');
  }
  changes.sort((a, b) => a.line - b.line);
  doc.warnings.sort((a, b) => a.line - b.line);
  return doc;
}

// ---- writing ------------------------------------------------------------------------------

/** Escapes text so markdown-it reads it back verbatim (and a line never turns into markup). */
export function escapeMarkdownText(text: string): string {
  let out = text.replace(/[\\`*_[\]<>&~|{}!]/gu, (c) => `\\${c}`);
  // markers that only matter at the start of a line
  out = out.replace(/^([#+=-])/u, '\\$1').replace(/^(\d+)([.)])/u, '$1\\$2');
  return out;
}

/** A YAML scalar that needs no quotes: starts with a letter, digit or Han character, no YAML syntax */
const plainYamlRe = hanRegExp(`^[${HAN}\\p{L}\\p{N}][^:#'"{}[\\],&*!|>%@\`]*$`, 'u');

function yamlString(value: string): string {
  // JSON strings are valid YAML and quote whatever needs quoting
  return plainYamlRe().test(value) && !/\s$/u.test(value) ? value : JSON.stringify(value);
}

export function documentToMarkdownSource(doc: Document): string {
  const out: string[] = ['---'];
  const names = (list: string[]): string => `[${list.map(yamlString).join(', ')}]`;
  out.push(`title: ${yamlString(doc.meta.title)}`);
  if (doc.meta.subtitle) out.push(`subtitle: ${yamlString(doc.meta.subtitle)}`);
  if (doc.meta.series) out.push(`series: ${yamlString(doc.meta.series)}`);
  if (doc.meta.date) out.push(`date: ${JSON.stringify(doc.meta.date)}`);
  out.push(`hosts: ${names(doc.meta.hosts)}`);
  out.push(`guests: ${names(doc.meta.guests)}`);
  for (const [k, v] of Object.entries(doc.meta.extra))
    out.push(`${/^[A-Za-z_][\w-]*$/u.test(k) ? k : JSON.stringify(k)}: ${JSON.stringify(v)}`);
  if (doc.metadata && doc.metadata.length > 0)
    out.push(`metadata: ${JSON.stringify(doc.metadata.map((m) => ({ line: m.line, label: m.label, text: m.text })))}`);
  out.push('---', '');
  for (const part of doc.parts) {
    const hashes = part.kind === 'section' ? '#'.repeat(Math.min(4, Math.max(1, part.level)) + 1) : '#';
    const attr =
      part.kind === 'intro'
        ? ' {.intro}'
        : part.kind === 'dialogue'
          ? ' {.dialogue}'
          : part.kind === 'talk' && !part.title
            ? ' {.talk}'
            : '';
    // in a heading every # is escaped: a trailing ` #` would be read as the closing sequence
    const title = escapeMarkdownText(part.title).replace(/(?<!\\)#/gu, '\\#');
    out.push(`${hashes} ${title}${attr}`.replace(/^(#+) $/u, '$1'), '');
    const fields: string[] = [];
    if (part.subtitle) fields.push(`**${SUBTITLE_LABEL}：** ${escapeMarkdownText(part.subtitle)}`);
    if (part.speaker) {
      const s = part.speaker;
      fields.push(`**${SPEAKER_LABEL}：** ${escapeMarkdownText(s.post ? `${s.post} ${s.name}` : s.name)}`);
    }
    if (fields.length > 0) out.push(fields.join('\n'), '');
    for (const para of part.paragraphs) {
      if (part.kind === 'dialogue' && para.turn && para.speaker) {
        out.push(`**${escapeMarkdownText(para.speaker)}：**${escapeMarkdownText(para.text)}`, '');
      } else if (para.lead && para.text.startsWith(para.lead)) {
        const rest = para.text.slice(para.lead.length);
        // CommonMark: ** after punctuation and before a letter still closes the bold run
        out.push(`**${escapeMarkdownText(para.lead)}**${escapeMarkdownText(rest)}`, '');
      } else out.push(escapeMarkdownText(para.text), '');
    }
  }
  return out.join('\n');
}
