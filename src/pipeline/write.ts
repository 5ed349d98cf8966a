// Writing outputs so that a failed or interrupted build never leaves a half-written file and never
// removes the previous good one: every file is written under a temporary name in the same folder,
// and only when all of a document's files are written are they renamed into place.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface OutputFile {
  path: string;
  data: string | Uint8Array;
}

let counter = 0;

export function writeFilesAtomically(files: OutputFile[]): void {
  const staged: { tmp: string; path: string }[] = [];
  try {
    for (const f of files) {
      mkdirSync(dirname(f.path), { recursive: true });
      const tmp = join(dirname(f.path), `.${basename(f.path)}.${process.pid}.${counter++}.tmp`);
      writeFileSync(tmp, f.data);
      staged.push({ tmp, path: f.path });
    }
  } catch (e) {
    for (const s of staged) rmSync(s.tmp, { force: true });
    throw e;
  }
  for (const s of staged) renameSync(s.tmp, s.path);
}
