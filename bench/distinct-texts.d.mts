// Types of bench/distinct-texts.mjs for the tests (the script itself is plain JavaScript).
/** `count` texts: `text` with a character unique to each inserted into its title and every paragraph. */
export function distinctTexts(text: string, count: number): string[];
