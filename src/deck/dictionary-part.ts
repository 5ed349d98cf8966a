// The part of jieba's bucketed dictionary (jieba-dictionary.mjs) a document can use, read by the main
// thread as it hands a cold build's document to the slide worker (src/pipeline/slides-runner.ts).
//
// Why: the slide worker is a cold build's longer lane, and its start-up still runs when the main
// thread posts the document; finding the document's keys and reading their lines from the file
// (~4 ms of a cold thread's CPU) was the first thing it did with the document. The main thread reads
// them instead, while the worker is still starting; the worker gives jieba the same lines, in the
// same order, as it would have read itself (src/deck/segment.ts, loadWordSegmenter): the same cuts.
// Kept apart from segment.ts so that the main thread's bundle takes no more than this and the file's
// reader.
import { join } from 'node:path';
import { packageRoot } from '../paths';
import { dictionaryFileHead, markNewKeys, newKeyState, readKeys } from './jieba-dictionary.mjs';

/** Keys of the dictionary file (their hashes), their lines and their words' frequency sum */
export interface DictionaryPart {
  /** The file's total frequency (the part belongs to the file that has it) */
  total: number;
  /** The key hashes read, in the order the text met them */
  keys: number[];
  /** Their lines, in the file's order (readKeys) */
  lines: Uint8Array;
  freq: number;
}

/** The bucketed dictionary file `npm run compile` writes */
export function dictionaryFile(): string {
  return join(packageRoot, 'dist', 'jieba-dict.bin');
}

/**
 * The part of the dictionary file that covers `text` (every character, pair and triple: as
 * segment.ts covers a document), or undefined where there is no bucketed file (running from the
 * sources) or it cannot be read — the slide worker then reads what it needs itself.
 */
export function readDictionaryPart(text: string): DictionaryPart | undefined {
  const path = dictionaryFile();
  const head = dictionaryFileHead(path);
  if (head === null) return undefined;
  try {
    const keys = markNewKeys(text, newKeyState(), head.filter);
    const { lines, freq } = readKeys(path, keys);
    return { total: head.total, keys, lines, freq };
  } catch {
    return undefined;
  }
}
