// Warm-up for `lectern watch`. A fresh process runs a rebuild's code un-optimised: V8 optimises the
// hot functions only after they have run a while (TurboFan, on background threads that share the
// machine's cores with the build), so the first ten or twenty edits of a session cost up to twice
// what later ones do. After its first build, watch rebuilds the document a few times with a made-up
// edit and writes nothing (`BuildOptions.rehearse`), so that the user's first edits find the code
// optimised.

/** Rehearsal builds after watch's first build: measured in README "Warm rebuilds". */
export const REHEARSALS = 6;

/**
 * The text with one line lengthened by a copy of its own second half: an edit of one paragraph that
 * adds no character the text lacks (no new web font subset) and moves no glyph's first use (no new
 * PDF font subset). `k` picks the line, a different one for each rehearsal. Undefined when no line is
 * long enough to be a paragraph.
 */
export function rehearsalText(text: string, k: number): string | undefined {
  const lines = text.split('\n');
  const paragraphs: number[] = [];
  // not a Markdown heading, quote, list item, table row or code fence
  for (let i = 0; i < lines.length; i++)
    if (lines[i]!.length >= 24 && !/^[\s#>\-*|`]/.test(lines[i]!)) paragraphs.push(i);
  if (paragraphs.length === 0) return undefined;
  const at = paragraphs[(Math.floor(paragraphs.length / 2) + k * 7) % paragraphs.length]!;
  const line = lines[at]!;
  lines[at] = line + line.slice(line.length >> 1).trimEnd();
  return lines.join('\n');
}
