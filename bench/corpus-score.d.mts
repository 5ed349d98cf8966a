// Types of bench/corpus-score.mjs for the tests (the script itself is plain JavaScript).
export interface Score {
  fields: { got: number; total: number };
  parts: { found: number; total: number };
  misses: string[];
}
export function norm(s: unknown): string;
export function scoreDocument(expected: unknown, actual: unknown): Score;
export function scoreCorpus(opts?: { dir?: string; only?: string[]; bin?: string }): {
  rows: Array<Score & { name: string }>;
  totals: {
    fields: { got: number; total: number };
    parts: { found: number; total: number };
    fieldsRatio: number;
    partsRatio: number;
  };
};
