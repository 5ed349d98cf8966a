// Types of budoux-model.mjs (plain JavaScript so that src/vendor/bundle.mjs can import it).
/** One group of features (keys of one, two or three characters): its keys joined by the separator, a row of scores per key */
export interface FeatureTable {
  keys: string;
  scores: number[];
}
/** A BudouX model as three feature tables (FEATURE_TABLES) and its Parser's base score */
export interface CompactModel {
  separator: string;
  baseScore: number;
  tables: FeatureTable[];
}
export declare const FEATURE_TABLES: string[][];
export declare function compactModel(model: Record<string, Record<string, number>>): CompactModel;
export declare function zhHansCompactModel(): CompactModel;
