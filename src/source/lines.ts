// Phase 0 of transcript recognition: the text split into trimmed, non-blank source lines.
import type { Change } from '../model';

export interface SourceText {
  /** The line as it was, trimmed of surrounding spaces */
  raw: string;
  line: number;
  /** How many spaces (ASCII or full-width) indented the line: pages indent paragraphs, not headings */
  indent: number;
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
  // split at LF alone (a string split, no expression to compile) when the text has no CR
  const rows = text.includes('\r') ? text.split(/\r\n|\r|\n/u) : text.split('\n');
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
    out.push({ raw, line, indent: from });
  }
  return out;
}
