// What every recognition phase writes to besides its own result: the document's changes and warnings.
import type { Change, Diagnostic } from '../model';
import type { SourceText } from './lines';
import { normalizeLine } from './normalize';

export interface Recorder {
  file: string;
  changes: Change[];
  warnings: Diagnostic[];
}

export function newRecorder(file: string): Recorder {
  return { file, changes: [], warnings: [] };
}

export function warn(rec: Recorder, line: number, message: string): void {
  rec.warnings.push({ severity: 'warning', file: rec.file, line, message });
}

/** The line normalised as a heading (one space kept between Han phrases), its changes recorded */
export function headingText(rec: Recorder, l: SourceText): string {
  return normalizeLine(l.raw, 'heading', rec.file, l.line, rec.changes);
}

/** The line normalised as running text, its changes recorded */
export function bodyText(rec: Recorder, l: SourceText): string {
  return normalizeLine(l.raw, 'body', rec.file, l.line, rec.changes);
}
