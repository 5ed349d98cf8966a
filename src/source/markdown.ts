import type { Document } from '../model';
import { LecternError } from '../errors';
export function parseMarkdownSource(_text: string, file: string): Document {
  throw new LecternError(file, '.md sources are not read yet');
}
export function documentToMarkdownSource(_doc: Document): string {
  return '';
}
