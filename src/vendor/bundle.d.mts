// Types of bundle.mjs (plain JavaScript so that scripts/compile.mjs can import it without a compiler).
import type { Plugin } from 'esbuild';

export declare class BundlePatchError extends Error {
  constructor(patch: string, what: string);
}
export declare function patchPdfkit(source: string, file?: string): string;
export declare function patchPdfkitAes(source: string, file?: string): string;
export declare function patchJsYamlEsprima(source: string, file?: string): string;
export declare function patchLazyTries(source: string, file?: string): string;
export declare function patchMarpitSlideSplit(source: string, file?: string): string;
export declare function patchBudouxEntry(source: string, file?: string): string;
export declare function patchYargsMainFilename(source: string, file?: string): string;
export declare const PATCHES: { name: string; files: RegExp[]; rewrite(source: string, file?: string): string }[];
export declare function bundlePatches(): { plugins: Plugin[]; assertAllApplied(): void };
