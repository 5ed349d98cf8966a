// The source stage: bytes in, Document out. `.txt` transcripts are recognised (transcript.ts);
// `.md` sources (front matter + Markdown, what `lectern import` writes) are read as written (markdown.ts).
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { Document } from '../model';
import { LecternError } from '../errors';
import { decodeTranscript } from './decode';
import { parseTranscript } from './transcript';
import { parseMarkdownSource } from './markdown';

export { decodeTranscript } from './decode';
export { parseTranscript } from './transcript';
export { documentToMarkdownSource, parseMarkdownSource } from './markdown';
export { normalizeLine } from './normalize';

/** Larger inputs are refused: a transcript is a few hundred KB at most; 64 MB is surely a mistake. */
const MAX_BYTES = 64 * 1024 * 1024;

export function readDocument(file: string): Document {
  let bytes: Uint8Array;
  try {
    const size = statSync(file).size;
    if (size > MAX_BYTES)
      throw new LecternError(
        file,
        `the file is ${Math.round(size / 1048576)} MB; a transcript over 64 MB is not read`,
        { hint: 'split it into several transcripts' },
      );
    bytes = readFileSync(file);
  } catch (e) {
    if (e instanceof LecternError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new LecternError(file, 'no such file', { hint: 'check the path' });
    if (code === 'EISDIR')
      throw new LecternError(file, 'is a folder, not a transcript file', { hint: 'give a .txt or .md file' });
    throw new LecternError(file, `cannot read the file (${code ?? String(e)})`);
  }
  const text = decodeTranscript(bytes, file);
  const ext = extname(file).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return parseMarkdownSource(text, file);
  return parseTranscript(text, file);
}
