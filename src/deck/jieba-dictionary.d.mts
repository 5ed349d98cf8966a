// Types of jieba-dictionary.mjs (plain JavaScript so that scripts/compile.mjs can import it).
export declare const MAGIC: number;
export declare const BUCKETS: number;
export declare const BODY_AT: number;
export declare function bucketOf(key: string): number;
export declare function markNewBuckets(text: string, loaded: Uint8Array): number[];
export declare function frequencyOf(line: string): number;
export declare function buildDictionaryFile(dictText: string): Buffer;
export declare const READ_WINDOW: number;
export declare function dictionaryFileTotal(path: string): number | null;
export declare function readBuckets(
  path: string,
  buckets: readonly number[],
  stats?: { reads?: number; bytes?: number },
): { lines: Buffer; freq: number };
