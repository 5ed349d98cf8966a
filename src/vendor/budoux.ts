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
 * A table's keys and scores, which start with a row of zeros (a key not in the table reads it), a
 * key's row r + 1 at (r + 1) × width. Throws a VendorPatchError when the keys and rows do not pair up.
 */
function tableOf(table: FeatureTable, width: number, separator: string): { keys: string[]; scores: Float64Array } {
  const count = table.scores.length / width;
  const keys = count > 0 ? table.keys.split(separator) : [];
  expectShape(
    Number.isInteger(count) && keys.length === count,
    LIB,
    COMPACT,
    `a table of ${width} features has ${keys.length} keys for ${table.scores.length} scores`,
  );
  const scores = new Float64Array(width + table.scores.length);
  scores.set(table.scores, width);
  return { keys, scores };
}

/** A table's keys → the offset of their row (`Map.get` gives undefined for the rest, `| 0` the row of zeros) */
function keyRows(keys: readonly string[], width: number): Map<string, number> {
  const rows = new Map<string, number>();
  for (let r = 0; r < keys.length; r++) rows.set(keys[r]!, (r + 1) * width);
  return rows;
}

/**
 * The one-unit keys' rows by the unit's code (0: the row of zeros), and the row of the empty key,
 * which BudouX cuts at an offset before the text or past its end. A key of another length never
 * equals a one-unit cut, so it has no entry. Read by code, a position's one-unit key costs no
 * substring and no map lookup.
 */
function unitRows(keys: readonly string[], width: number): { byUnit: Int32Array; empty: number } {
  const byUnit = new Int32Array(65536);
  let empty = 0;
  for (let r = 0; r < keys.length; r++) {
    const key = keys[r]!;
    if (key.length === 1) byUnit[key.charCodeAt(0)] = (r + 1) * width;
    else if (key.length === 0) empty = (r + 1) * width;
  }
  return { byUnit, empty };
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
  const [one, two, three] = compact.tables.map((t, i) => tableOf(t, TABLE_WIDTHS[i]!, compact.separator));
  const { byUnit, empty } = unitRows(one!.keys, TABLE_WIDTHS[0]);
  const biRows = keyRows(two!.keys, TABLE_WIDTHS[1]);
  const triRows = keyRows(three!.keys, TABLE_WIDTHS[2]);
  const [U, B, T] = [one!.scores, two!.scores, three!.scores];
  const base = compact.baseScore;
  p.baseScore = base;
  p.parseBoundaries = (sentence: string): number[] => {
    const result: number[] = [];
    const n = sentence.length;
    // The rows of the keys a position reads, as BudouX cuts them — sentence.substring(s, s + 1 | 2 | 3),
    // which clamps an offset below 0 or past the end — held in locals as the position moves: at
    // position i, the one-unit keys from s = i − 3 to i + 2 (u0…u5), the pairs from i − 2 to i
    // (b0…b2) and the triples from i − 3 to i (t0…t3); each key is cut and looked up once, when
    // the window reaches it. A one-unit key's row is read by its code (unitRows).
    let u0 = empty;
    let u1 = empty;
    let u2 = empty;
    let u3 = n > 0 ? byUnit[sentence.charCodeAt(0)]! : empty;
    let u4 = n > 1 ? byUnit[sentence.charCodeAt(1)]! : empty;
    let u5 = n > 2 ? byUnit[sentence.charCodeAt(2)]! : empty;
    let b0 = biRows.get('')! | 0;
    let b1 = biRows.get(sentence.substring(-1, 1))! | 0;
    let b2 = biRows.get(sentence.substring(0, 2))! | 0;
    let t0 = triRows.get('')! | 0;
    let t1 = triRows.get(sentence.substring(-2, 1))! | 0;
    let t2 = triRows.get(sentence.substring(-1, 2))! | 0;
    let t3 = triRows.get(sentence.substring(0, 3))! | 0;
    for (let i = 1; i < n; i++) {
      // the window moves on by one: the keys at s = i + 2 (one unit), i (pair) and i (triple) come in
      u0 = u1;
      u1 = u2;
      u2 = u3;
      u3 = u4;
      u4 = u5;
      u5 = i + 2 < n ? byUnit[sentence.charCodeAt(i + 2)]! : empty;
      b0 = b1;
      b1 = b2;
      b2 = biRows.get(sentence.substring(i, i + 2))! | 0;
      t0 = t1;
      t1 = t2;
      t2 = t3;
      t3 = triRows.get(sentence.substring(i, i + 3))! | 0;
      let score = base;
      score += U[u0]!; // UW1: substring(i - 3, i - 2)
      score += U[u1 + 1]!;
      score += U[u2 + 2]!;
      score += U[u3 + 3]!; // UW4: substring(i, i + 1)
      score += U[u4 + 4]!;
      score += U[u5 + 5]!;
      score += B[b0]!; // BW1: substring(i - 2, i)
      score += B[b1 + 1]!;
      score += B[b2 + 2]!;
      score += T[t0]!; // TW1: substring(i - 3, i)
      score += T[t1 + 1]!;
      score += T[t2 + 2]!;
      score += T[t3 + 3]!; // TW4: substring(i, i + 3)
      if (score > 0) result.push(i);
    }
    return result;
  };
  return parser;
}
