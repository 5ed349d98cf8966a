// Types of ascii-source.mjs (plain JavaScript so that scripts/compile.mjs can import it).
export function asciiSource(code: string): string;
