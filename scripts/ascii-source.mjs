// esbuild escapes non-ASCII characters in strings and templates but leaves them in regular expression
// literals (/[。！？]/u). One such character makes V8 hold the whole bundle's source as a two-byte
// string — twice its size, for the life of the process, on both threads — decoded through a two-byte
// buffer of that size; scripts/compile.mjs makes the CommonJS bundles ASCII-only with this (peak memory
// of a cold build 197 → 186 MB, README "Speed").
//
// In a regular expression, `\uXXXX` (a surrogate pair for an astral character) matches what the
// character matches, with or without the u flag; `\。` (an identity escape, non-u only) becomes the
// same `\uXXXX`. test/cold-memory.test.ts checks both on expressions of each kind.

/** `code` with every non-ASCII UTF-16 unit written as a \u escape. */
export function asciiSource(code) {
  return code.replace(/(\\*)([^\x00-\x7f])/g, (_, slashes, unit) => {
    // an odd run of backslashes escapes the character: that backslash goes, the escape replaces it
    const kept = slashes.length % 2 ? slashes.slice(1) : slashes;
    return `${kept}\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
