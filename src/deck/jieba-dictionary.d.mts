// Types of jieba-dictionary.mjs (plain JavaScript so that scripts/compile.mjs can import it).
export declare const MAGIC: number;
export declare const BUCKETS: number;
export declare function bucketOf(key: string): number;
export declare function buildDictionaryFile(dictText: string): Buffer;
