// The source stage: bytes in, Document out. `.txt` transcripts are recognised (transcript.ts);
// `.md` sources (front matter + Markdown, what `lectern import` writes) are read as written (markdown.ts).
import { extname } from 'node:path';
import type { Document } from '../model';
import { readRegularFile } from '../read-file';
import { decodeTranscript } from './decode';
import { parseTranscript } from './transcript';
import { parseMarkdownSource } from './markdown';

export { decodeTranscript } from './decode';
export { parseTranscript } from './transcript';
export { documentToMarkdownSource, parseMarkdownSource } from './markdown';
export { normalizeLine } from './normalize';

/** Reads a transcript (a regular file within LECTERN_MAX_TRANSCRIPT_MB) and recognises it. */
export function readDocument(file: string): Document {
  return documentFromBytes(readRegularFile(file, 'transcript'), file);
}

/** The document of a transcript's bytes: `.md` read as written, anything else recognised. */
export function documentFromBytes(bytes: Uint8Array, file: string): Document {
  const text = decodeTranscript(bytes, file);
  const ext = extname(file).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return parseMarkdownSource(text, file);
  return parseTranscript(text, file);
}
