// Types of budoux-model.mjs (plain JavaScript so that src/vendor/bundle.mjs can import it).
/** A BudouX model as its feature names, each feature's keys joined by `separator`, and their scores */
export interface CompactModel {
  separator: string;
  features: string[];
  keys: string[];
  scores: number[][];
}
export declare function compactModel(model: Record<string, Record<string, number>>): CompactModel;
export declare function zhHansCompactModel(): CompactModel;
