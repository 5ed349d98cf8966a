// `lectern import <file.txt>`: writes the recognised document as an editable .md next to the transcript.
import { existsSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { LecternError } from '../errors';
import { readDocument } from './index';
import { documentToMarkdownSource } from './markdown';

/** Path of the .md that `importTranscript(file)` writes */
export function importTarget(file: string): string {
  return join(dirname(file), `${basename(file, extname(file))}.md`);
}

/** Writes `<name>.md` beside `file` (never over an existing one unless `force`); returns its path. */
export function importTranscript(file: string, force: boolean): string {
  if (extname(file).toLowerCase() === '.md') {
    throw new LecternError(file, 'is already a structured .md source', { hint: 'import a .txt transcript' });
  }
  const target = importTarget(file);
  if (existsSync(target) && !force) {
    throw new LecternError(target, 'already exists; not overwritten', {
      hint: 'edit it, or run `lectern import --force` to replace it',
    });
  }
  const doc = readDocument(file);
  const text = documentToMarkdownSource(doc);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, text, 'utf8');
    renameSync(temp, target);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      /* nothing was written */
    }
    throw new LecternError(target, `cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return target;
}
