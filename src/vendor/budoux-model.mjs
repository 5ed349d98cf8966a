// BudouX 0.9.2's Simplified Chinese model in the compact form the slide worker's bundle carries
// (src/vendor/README.md: `budoux-compact-model`). Plain JavaScript so that src/vendor/bundle.mjs can
// compact the installed model while scripts/compile.mjs bundles; in dist/ this module is that
// result (zhHansCompactModel returns it), and the model's object literal — 5,626 keys in 13
// objects, a quarter of the worker bundle's own top level — is not bundled.
import { zhHansModel } from 'budoux';

/** Joins a table's keys; no key of the model holds it (compactModel checks) */
const SEPARATOR = '\u0000';

/**
 * The features BudouX's parseBoundaries reads, by the key it cuts for them — one, two and three
 * characters around a position — each group in the order it adds their scores.
 */
export const FEATURE_TABLES = [
  ['UW1', 'UW2', 'UW3', 'UW4', 'UW5', 'UW6'],
  ['BW1', 'BW2', 'BW3'],
  ['TW1', 'TW2', 'TW3', 'TW4'],
];

/**
 * `model` (BudouX's feature → key → score) as one table per group of FEATURE_TABLES: the group's
 * distinct keys joined by `separator`, and a row of scores per key, a column per feature of the group
 * (0 where the feature lacks the key, as BudouX's `|| 0` counts a missing or zero score), rows one
 * after the other; and BudouX's base score, −0.5 × every score added up from 0 in `Object.entries`
 * order, as its Parser computes it. A position's score is then the base and one score of each
 * feature added in BudouX's order, read from three rows (the keys of one, two and three characters)
 * instead of looked up in 13 maps.
 */
export function compactModel(model) {
  const features = Object.keys(model);
  const wanted = FEATURE_TABLES.flat();
  if (features.length !== wanted.length || !wanted.every((f) => features.includes(f)))
    throw new Error(`BudouX's model has the features ${features.join(', ')}, not the 13 parseBoundaries reads`);
  let sum = 0;
  for (const group of Object.values(model)) for (const score of Object.values(group)) sum += score;
  const tables = FEATURE_TABLES.map((group) => {
    const rows = new Map();
    group.forEach((feature, column) => {
      for (const [key, score] of Object.entries(model[feature])) {
        if (key.includes(SEPARATOR))
          throw new Error(`BudouX's key ${JSON.stringify(key)} of ${feature} holds the separator`);
        let row = rows.get(key);
        if (!row) rows.set(key, (row = new Array(group.length).fill(0)));
        row[column] = score || 0;
      }
    });
    return { keys: [...rows.keys()].join(SEPARATOR), scores: [...rows.values()].flat() };
  });
  return { separator: SEPARATOR, baseScore: -0.5 * sum, tables };
}

/** BudouX's zh-hans model, compacted (in dist/, made when lectern was compiled) */
export function zhHansCompactModel() {
  return compactModel(zhHansModel);
}
