// The text report `lectern check` prints: the recognised outline, then every normalisation change and
// every warning, each with file:line so an editor can jump there.
import type { Document, Part } from '../model';

function partLine(doc: Document, part: Part, whereWidth: number): string {
  const where = `${doc.file}:${part.line}`.padEnd(whereWidth);
  const kind = part.kind === 'section' ? `section ${part.level}` : part.kind;
  const indent = part.kind === 'section' ? '  '.repeat(part.level - 1) : '';
  const title = part.title ? `「${part.title}」` : '(no title)';
  const subtitle = part.subtitle ? ` ——${part.subtitle}` : '';
  const speaker = part.speaker ? `  ${part.speaker.post ? `${part.speaker.post} ` : ''}${part.speaker.name}` : '';
  const leads = part.paragraphs.filter((p) => p.lead).length;
  const speakers = [...new Set(part.paragraphs.flatMap((p) => (p.speaker ? [p.speaker] : [])))];
  const turns =
    part.kind === 'dialogue' ? `, ${part.paragraphs.filter((p) => p.turn).length} turns: ${speakers.join('、')}` : '';
  const count = `${part.paragraphs.length} paragraph${part.paragraphs.length === 1 ? '' : 's'}${leads ? `, ${leads} with a lead` : ''}${turns}`;
  return `  ${where}  ${indent}${kind.padEnd(9)} ${title}${subtitle}${speaker}  (${count})`;
}

export function formatCheck(doc: Document): string {
  const m = doc.meta;
  const out: string[] = [];
  out.push(`${doc.file}: ${m.title ? `「${m.title}」` : '(no title)'}${m.subtitle ? ` ——${m.subtitle}` : ''}`);
  if (m.series) out.push(`  series: ${m.series}`);
  if (m.date) out.push(`  date: ${m.date}`);
  out.push(`  hosts: ${m.hosts.length ? m.hosts.join('、') : '(none)'}`);
  out.push(`  guests: ${m.guests.length ? m.guests.join('、') : '(none)'}`);
  const talks = doc.parts.filter((p) => p.kind === 'talk').length;
  const sections = doc.parts.filter((p) => p.kind === 'section').length;
  out.push('');
  const n = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
  const dialogues = doc.parts.filter((p) => p.kind === 'dialogue').length;
  out.push(
    `outline (${n(doc.parts.length, 'part')}: ${n(talks, 'talk')}, ${n(sections, 'section')}${dialogues ? `, ${n(dialogues, 'dialogue')}` : ''}):`,
  );
  const whereWidth = Math.max(0, ...doc.parts.map((p) => `${doc.file}:${p.line}`.length));
  for (const part of doc.parts) out.push(partLine(doc, part, whereWidth));
  const metadata = doc.metadata ?? [];
  if (metadata.length > 0) {
    // lines about the page (来源, 时间, captions…): kept in the model, left out of the text
    out.push('');
    out.push(`metadata (${n(metadata.length, 'line')} left out of the text):`);
    for (const m of metadata) out.push(`  ${doc.file}:${m.line}: ${m.label}: 「${m.text}」`);
  }
  out.push('');
  out.push(`normalisation (${doc.changes.length} change${doc.changes.length === 1 ? '' : 's'}):`);
  for (const c of doc.changes) out.push(`  ${c.file}:${c.line}: ${c.what}: 「${c.before}」 → 「${c.after}」`);
  out.push('');
  out.push(`warnings (${doc.warnings.length}):`);
  for (const w of doc.warnings) out.push(`  ${w.file}:${w.line}: ${w.severity}: ${w.message}`);
  return `${out.join('\n')}\n`;
}

/** Exit code of `lectern check` for a document that was read (errors exit 2 before getting here). */
export function checkExitCode(doc: Document, strict: boolean): 0 | 1 {
  return strict && doc.warnings.length > 0 ? 1 : 0;
}
