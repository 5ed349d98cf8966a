// Types of bench/typst-markup.mjs for the tests (the script itself is plain JavaScript).
/** A recognised document (`lectern check --json`) as typst markup, set like lectern's handout. */
export function documentToTypst(doc: unknown): string;
