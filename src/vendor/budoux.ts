// Run-time patch of BudouX 0.9.2's Parser (src/vendor/README.md: `budoux-compact-model`).
//
// parseBoundaries scores each position of a sentence from 13 features: the characters 3 before to 2
// after it (UW1–UW6), the pairs (BW1–BW3) and triples (TW1–TW4) around it, each looked up in its
// model map by a key it cuts from the sentence with `substring` — 13 new strings and 13 map lookups a
// position, though a key cut at one position is the same string a neighbour cuts for another feature
// (the character at i is UW4 at i, UW3 at i + 1, UW2 at i + 2…). Here each key is cut once per
// sentence and looked up once, in one table per key length (budoux-model.mjs: compiled with the
// model), whose row holds that key's score for every feature of its length; a position's score adds
// the same scores in the same order, so the same boundaries.
import { Parser } from 'budoux';
import type { CompactModel, FeatureTable } from './budoux-model.mjs';
import { expectShape } from './patch';

const LIB = 'budoux 0.9.2';
const COMPACT = 'budoux-compact-model';

/** How many features read each table's keys (budoux-model.mjs FEATURE_TABLES: UW1–6, BW1–3, TW1–4) */
const TABLE_WIDTHS = [6, 3, 4] as const;

/** What of a Parser this patch reads (private in BudouX's types) */
interface ParserShape {
  model: Map<string, Map<string, number>>;
  baseScore: number;
  parseBoundaries(sentence: string): number[];
}

/**
 * A table's keys → the offset of their row in its scores, which start with a row of zeros (a key
 * not in the table: `Map.get` gives undefined, `| 0` gives that row). Throws a VendorPatchError
 * when the keys and rows do not pair up.
 */
function tableRows(
  table: FeatureTable,
  width: number,
  separator: string,
): { rows: Map<string, number>; scores: Float64Array } {
  const count = table.scores.length / width;
  const keys = count > 0 ? table.keys.split(separator) : [];
  expectShape(
    Number.isInteger(count) && keys.length === count,
    LIB,
    COMPACT,
    `a table of ${width} features has ${keys.length} keys for ${table.scores.length} scores`,
  );
  const rows = new Map<string, number>();
  for (let r = 0; r < count; r++) rows.set(keys[r]!, (r + 1) * width);
  const scores = new Float64Array(width + table.scores.length);
  scores.set(table.scores, width);
  return { rows, scores };
}

/**
 * A BudouX Parser of the model `compact` stands for (budoux-model.mjs, `budoux-compact-model`), its
 * parseBoundaries reading the compact model's three tables: BudouX's boundaries (its base score and
 * each feature's score added in its order) with each key cut and looked up once per sentence. The
 * Parser's own model stays empty (parse reads nothing of it but through parseBoundaries). Throws a
 * VendorPatchError when a Parser no longer has parseBoundaries, a Map model and a numeric baseScore,
 * or when the compact form is not three tables whose keys and rows pair up.
 */
export function parserFromCompactModel(compact: CompactModel): Parser {
  const parser = new Parser({});
  const p = parser as unknown as ParserShape;
  expectShape(
    typeof p.parseBoundaries === 'function' && p.model instanceof Map && typeof p.baseScore === 'number',
    LIB,
    COMPACT,
    'a Parser no longer has parseBoundaries, its model as a Map and a numeric baseScore',
  );
  expectShape(
    compact.tables.length === TABLE_WIDTHS.length,
    LIB,
    COMPACT,
    `${compact.tables.length} feature tables, not 3`,
  );
  const [one, two, three] = compact.tables.map((t, i) => tableRows(t, TABLE_WIDTHS[i]!, compact.separator));
  const { rows: uniRows, scores: U } = one!;
  const { rows: biRows, scores: B } = two!;
  const { rows: triRows, scores: T } = three!;
  const base = compact.baseScore;
  p.baseScore = base;
  p.parseBoundaries = (sentence: string): number[] => {
    const result: number[] = [];
    const n = sentence.length;
    // each key's row by start offset s = -3 … n + 2 (at s + 3): sentence.substring(s, s + 1 | 2 | 3),
    // as BudouX cuts them (substring clamps an offset below 0 or past the end)
    const u = new Int32Array(n + 6);
    const b = new Int32Array(n + 6);
    const t = new Int32Array(n + 6);
    for (let s = -3; s <= n + 2; s++) {
      u[s + 3] = uniRows.get(sentence.substring(s, s + 1))! | 0;
      b[s + 3] = biRows.get(sentence.substring(s, s + 2))! | 0;
      t[s + 3] = triRows.get(sentence.substring(s, s + 3))! | 0;
    }
    for (let i = 1; i < n; i++) {
      let score = base;
      score += U[u[i]!]!; // UW1: substring(i - 3, i - 2)
      score += U[u[i + 1]! + 1]!;
      score += U[u[i + 2]! + 2]!;
      score += U[u[i + 3]! + 3]!; // UW4: substring(i, i + 1)
      score += U[u[i + 4]! + 4]!;
      score += U[u[i + 5]! + 5]!;
      score += B[b[i + 1]!]!; // BW1: substring(i - 2, i)
      score += B[b[i + 2]! + 1]!;
      score += B[b[i + 3]! + 2]!;
      score += T[t[i]!]!; // TW1: substring(i - 3, i)
      score += T[t[i + 1]! + 1]!;
      score += T[t[i + 2]! + 2]!;
      score += T[t[i + 3]! + 3]!; // TW4: substring(i, i + 3)
      if (score > 0) result.push(i);
    }
    return result;
  };
  return parser;
}
