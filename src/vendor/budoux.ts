// Run-time patch of BudouX 0.9.2's Parser (src/vendor/README.md: `shared-feature-keys`).
//
// parseBoundaries scores each position of a sentence from 13 features: the characters 3 before to 2
// after it (UW1–UW6), the pairs (BW1–BW3) and triples (TW1–TW3… TW4) around it, each looked up in
// its model map by a key it cuts from the sentence with `substring` — 13 new strings a position,
// each hashed for its lookup, though a key cut at one position is the same string a neighbour cuts
// for another feature (the character at i is UW4 at i, UW3 at i + 1, UW2 at i + 2…). In a batch's
// later decks it was ~13 % of the slide worker's perf samples. Here each key is cut once per
// sentence (one string per start offset and length, its hash computed once) and read by every
// feature that uses it: the same keys by the same `substring` calls, the same lookups and the same
// additions in the same order, so the same boundaries.
import { Parser } from 'budoux';
import type { CompactModel } from './budoux-model.mjs';
import { expectShape } from './patch';

const LIB = 'budoux 0.9.2';
const PATCH = 'shared-feature-keys';
const COMPACT = 'budoux-compact-model';

/** The model maps parseBoundaries reads, in the order it adds their scores */
const FEATURES = ['UW1', 'UW2', 'UW3', 'UW4', 'UW5', 'UW6', 'BW1', 'BW2', 'BW3', 'TW1', 'TW2', 'TW3', 'TW4'] as const;

/** What of a Parser this patch reads (private in BudouX's types) */
interface ParserShape {
  model: Map<string, Map<string, number>>;
  baseScore: number;
  parseBoundaries(sentence: string): number[];
}

/**
 * `parser` with parseBoundaries computing each feature key once per sentence. Throws a
 * VendorPatchError when the parser no longer has a model of exactly these 13 feature maps and a
 * base score (a BudouX with other features would score otherwise).
 */
export function withSharedFeatureKeys<P extends Parser>(parser: P): P {
  const p = parser as unknown as ParserShape;
  expectShape(typeof p.parseBoundaries === 'function', LIB, PATCH, 'Parser.parseBoundaries is missing');
  expectShape(
    p.model instanceof Map && typeof p.baseScore === 'number',
    LIB,
    PATCH,
    'a Parser no longer has its model as a Map and a numeric baseScore',
  );
  const keys = [...p.model.keys()].sort();
  expectShape(
    keys.join() === [...FEATURES].sort().join() && [...p.model.values()].every((m) => m instanceof Map),
    LIB,
    PATCH,
    `the model's feature maps are ${keys.join(', ')}, not the 13 parseBoundaries was written for`,
  );
  const [uw1, uw2, uw3, uw4, uw5, uw6, bw1, bw2, bw3, tw1, tw2, tw3, tw4] = FEATURES.map((f) => p.model.get(f)!);
  const base = p.baseScore;
  p.parseBoundaries = (sentence: string): number[] => {
    const result: number[] = [];
    const n = sentence.length;
    // the keys by start offset s = -3 … n + 2 (at s + 3): sentence.substring(s, s + 1 | 2 | 3), as
    // BudouX cuts them (substring clamps an offset below 0 or past the end)
    const one: string[] = new Array(n + 6);
    const two: string[] = new Array(n + 6);
    const three: string[] = new Array(n + 6);
    for (let s = -3; s <= n + 2; s++) {
      one[s + 3] = sentence.substring(s, s + 1);
      two[s + 3] = sentence.substring(s, s + 2);
      three[s + 3] = sentence.substring(s, s + 3);
    }
    for (let i = 1; i < n; i++) {
      let score = base;
      score += uw1.get(one[i]!) || 0; // substring(i - 3, i - 2)
      score += uw2.get(one[i + 1]!) || 0;
      score += uw3.get(one[i + 2]!) || 0;
      score += uw4.get(one[i + 3]!) || 0; // substring(i, i + 1)
      score += uw5.get(one[i + 4]!) || 0;
      score += uw6.get(one[i + 5]!) || 0;
      score += bw1.get(two[i + 1]!) || 0; // substring(i - 2, i)
      score += bw2.get(two[i + 2]!) || 0;
      score += bw3.get(two[i + 3]!) || 0;
      score += tw1.get(three[i]!) || 0; // substring(i - 3, i)
      score += tw2.get(three[i + 1]!) || 0;
      score += tw3.get(three[i + 2]!) || 0;
      score += tw4.get(three[i + 3]!) || 0; // substring(i, i + 3)
      if (score > 0) result.push(i);
    }
    return result;
  };
  return parser;
}

/**
 * A BudouX Parser of the model `compact` stands for (budoux-model.mjs, `budoux-compact-model`): the
 * maps and base score `new Parser(model)` makes from the model's object — each feature's map with
 * the same keys and scores in the same order, the base score −0.5 × every score added up in that
 * order from 0 — made from the compact form's arrays instead of `Object.entries` of 13 objects, one
 * of 5,626 keys among them. Throws a VendorPatchError when a Parser no longer keeps its model as a
 * Map and a numeric baseScore, or when the compact form's keys and scores do not pair up.
 */
export function parserFromCompactModel(compact: CompactModel): Parser {
  const parser = new Parser({});
  const p = parser as unknown as ParserShape;
  expectShape(
    p.model instanceof Map && typeof p.baseScore === 'number',
    LIB,
    COMPACT,
    'a Parser no longer has its model as a Map and a numeric baseScore',
  );
  const model = new Map<string, Map<string, number>>();
  let sum = 0;
  for (let f = 0; f < compact.features.length; f++) {
    const scores = compact.scores[f]!;
    const keys = scores.length > 0 ? compact.keys[f]!.split(compact.separator) : [];
    expectShape(
      keys.length === scores.length,
      LIB,
      COMPACT,
      `${compact.features[f]} has ${keys.length} keys for ${scores.length} scores`,
    );
    const group = new Map<string, number>();
    for (let i = 0; i < scores.length; i++) {
      group.set(keys[i]!, scores[i]!);
      sum += scores[i]!;
    }
    model.set(compact.features[f]!, group);
  }
  p.model = model;
  p.baseScore = -0.5 * sum;
  return parser;
}
