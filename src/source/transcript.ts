// Recognition of a plain transcript (.txt): one paragraph per line, as published or typed.
// The shapes it knows are listed in src/source/README.md and tested in test/source-shapes.test.ts.
// Phases, each with named data between them and testable alone:
//   splitLines → SourceText[] → classifyLines → ClassifiedLines → readTitleBlock → TitleBlock
//   → readBody → Body → finishDocument (leads, series, guest checks).
// Every step is a bounded look at one line (or the next two), so time is linear in the input.
import { basename, extname } from 'node:path';
import type { Document } from '../model';
import { readBody } from './body';
import { reportDamage } from './damage';
import { classifyLines } from './classify';
import { splitLines } from './lines';
import { resolveHeadings } from './headings';
import { finishDocument } from './post-passes';
import { newRecorder, warn } from './record';
import { readTitleBlock } from './title-block';

export { type SourceText, splitLines } from './lines';

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
  const rec = newRecorder(file);
  rec.changes = doc.changes;
  rec.warnings = doc.warnings;
  const lines = splitLines(text, file, doc.changes);
  reportDamage(lines, rec);
  const cls = classifyLines(lines, rec);
  doc.meta.hosts = cls.hosts;
  doc.meta.guests = cls.guests;
  if (cls.creditLines.length > 0) doc.meta.creditLines = cls.creditLines;
  const block = readTitleBlock(cls, rec);
  resolveHeadings(cls, block.bodyStart);
  doc.meta.series = block.series;
  if (block.seriesAsWritten && block.seriesAsWritten !== block.series) doc.meta.seriesAsWritten = block.seriesAsWritten;
  doc.meta.title = block.title;
  doc.meta.subtitle = block.subtitle;
  doc.meta.date = block.date;
  if (block.dateAsWritten) doc.meta.dateAsWritten = block.dateAsWritten;
  const body = readBody(cls, block.bodyStart, block, rec);
  doc.parts = body.parts;
  if (body.signature) {
    // 「新街小学五年级 王子恒」 + 「2022年9月15日」 at the end: the speaker and date of the whole text
    const first = doc.parts[0];
    if (first && !first.speaker && !doc.parts.some((p) => p.speaker)) {
      first.speaker = body.signature.speaker;
      first.speakerLine = body.signature.line;
    }
    if (!doc.meta.date) doc.meta.date = body.signature.date;
  }
  doc.metadata = [...block.metadata, ...body.metadata].sort((a, b) => a.line - b.line);
  if (body.speakerUnused) warn(rec, lines[0]?.line ?? 1, 'speaker line with no text after it');
  finishDocument(doc, cls.guestLine, rec);
  if (doc.parts.length === 0) warn(rec, lines[0]?.line ?? 1, 'no text besides the title');
  doc.changes.sort((a, b) => a.line - b.line); // stable: within a line, in the order applied
  doc.warnings.sort((a, b) => a.line - b.line);
  return doc;
}
