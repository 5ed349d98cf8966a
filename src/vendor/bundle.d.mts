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
/** The fields of Marpit's scaffold theme that the bundle rebuilds it from */
export interface ScaffoldThemeFields {
  readonly name: unknown;
  readonly css: string;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly importRules: readonly unknown[];
  readonly width: unknown;
  readonly height: unknown;
}
export declare function installedScaffoldTheme(): ScaffoldThemeFields;
export declare function patchMarpitScaffold(source: string, file?: string, theme?: ScaffoldThemeFields): string;
export declare function patchEntitiesLazyTrie(source: string, file: string): string;
export declare function patchBudouxEntry(source: string, file?: string): string;
export declare function compactModelModule(): string;
export declare function patchYargsMainFilename(source: string, file?: string): string;
export declare function patchYargsHelpCache(source: string, file?: string): string;
export declare const PATCHES: { name: string; files: RegExp[]; rewrite(source: string, file?: string): string }[];
/** An esbuild resolve filter matching exactly the module names `names` */
export declare function exactNames(names: readonly string[]): RegExp;
export declare function bundlePatches(): { plugins: Plugin[]; assertAllApplied(): void };
/** Both threads' bundles: fontkit's module set up on its first `create` (fontkit-on-demand) */
export declare function fontkitOnDemand(chunk?: string): Plugin;
/** The command line's bundle: linebreak's module set up when pdfkit first makes a line breaker (linebreak-on-demand) */
export declare function linebreakOnDemand(): Plugin;
export declare function patchMarpitNesting(source: string, file?: string): string;
/** The packages Marp's modules get as stand-ins in the slide worker's bundle (marp-dependencies-on-demand) */
export declare const MARP_ON_DEMAND_PACKAGES: readonly string[];
/** The slide worker's bundle: PostCSS, its selector parser and plugins, js-yaml set up on their first use in Marp's modules (marp-dependencies-on-demand) */
export declare function marpDependenciesOnDemand(chunk?: string, modules?: Map<string, string>): Plugin;
/** The entry of marpDependenciesOnDemand's chunk: a getter per package (the name) requiring its module (the path) */
export declare function marpDependenciesChunkSource(modules: ReadonlyMap<string, string>): string;
