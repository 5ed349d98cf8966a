// BudouX 0.9.2's Simplified Chinese model in the compact form the slide worker's bundle carries
// (src/vendor/README.md: `budoux-compact-model`). Plain JavaScript so that src/vendor/bundle.mjs can
// compact the installed model while scripts/compile.mjs bundles; in dist/ this module is that
// result (zhHansCompactModel returns it), and the model's object literal — 5,626 keys in 13
// objects, a quarter of the worker bundle's own top level — is not bundled.
import { zhHansModel } from 'budoux';

/** Joins a feature's keys; no key of the model holds it (compactModel checks) */
const SEPARATOR = '\u0000';

/**
 * `model` (BudouX's feature → key → score) as its feature names, each feature's keys joined by
 * `separator` and their scores, all in the order `Object.entries` gives them — the order BudouX's
 * Parser makes its maps in and adds their scores for its base score.
 */
export function compactModel(model) {
  const features = [];
  const keys = [];
  const scores = [];
  for (const [feature, group] of Object.entries(model)) {
    const entries = Object.entries(group);
    const bad = entries.find(([k]) => k.includes(SEPARATOR));
    if (bad) throw new Error(`BudouX's key ${JSON.stringify(bad[0])} of ${feature} holds the separator`);
    features.push(feature);
    keys.push(entries.map(([k]) => k).join(SEPARATOR));
    scores.push(entries.map(([, v]) => v));
  }
  return { separator: SEPARATOR, features, keys, scores };
}

/** BudouX's zh-hans model, compacted (in dist/, made when lectern was compiled) */
export function zhHansCompactModel() {
  return compactModel(zhHansModel);
}
