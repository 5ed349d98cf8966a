// Types of jieba-dictionary.mjs (plain JavaScript so that scripts/compile.mjs can import it).
export declare const MAGIC: number;
export declare const BUCKETS: number;
export declare const KEY_UNITS: number;
export declare const RECORDS_AT: number;
export declare const RECORD_BYTES: number;
export declare function bodyAt(records: number): number;
export declare const NO_KEY: number;
export declare const FILTER_WORDS: number;
export declare function passes(filter: Int32Array, h: number): boolean;
export declare function keyHash(key: string): number;
export declare function bucketOfHash(h: number): number;
export declare function keyOf(word: string): string;
/** The key hashes marked so far (newKeyState) */
export interface KeyState {
  readonly first: Int32Array;
  readonly more: Set<number>;
}
export declare function newKeyState(): KeyState;
export declare function markKeys(keys: readonly number[], state: KeyState): void;
export declare function markedKeys(state: KeyState): number;
export declare function markNewKeys(text: string, state: KeyState, filter: Int32Array): number[];
export declare function frequencyOf(line: string): number;
export declare function buildDictionaryFile(dictText: string): Buffer;
export declare const READ_WINDOW: number;
/** The file's total frequency and its key filter */
export interface DictionaryFileHead {
  total: number;
  filter: Int32Array;
}
export declare function dictionaryFileHead(path: string): DictionaryFileHead | null;
export declare function readKeys(
  path: string,
  keys: readonly number[],
  stats?: { reads?: number; bytes?: number },
): { lines: Buffer; freq: number };
