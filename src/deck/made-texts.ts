// Texts the deck planner makes from a document's own strings and cuts into words (src/deck/plan.ts),
// kept apart so that the main thread, which reads a cold build's part of jieba's dictionary for the
// slide worker (dictionary-part.ts), can cover them too without taking the planner into its bundle.
import type { Document } from '../model';

/** Appended to the headline of a slide that continues the previous one. */
export const CONTINUED = '（续）';

/** The agenda slide's headline as the planner measures it (with CONTINUED: the longer of the two) */
export const AGENDA_HEADLINE = `议程${CONTINUED}`;

/** A part's title and subtitle as one agenda item */
export function joinedTitle(p: { title: string; subtitle: string }): string {
  return [p.title, p.subtitle].filter(Boolean).join(' ');
}

/**
 * The text whose characters, character pairs and triples a document's deck cuts: the document, the agenda's
 * headline and every part's joined title — the space and the headline's pair 议程 are in no text of
 * the document, and each made the slide worker open and read the dictionary file again, mid-deck
 * (4 reads for the sample). A word that occurs in none of a cut's text never changes its words
 * (jieba-dictionary.mjs), so covering more than a deck cuts changes no output.
 */
export function deckDictionaryText(doc: Document): string {
  const texts = [JSON.stringify(doc), AGENDA_HEADLINE];
  for (const p of doc.parts) if (p.title && p.subtitle) texts.push(joinedTitle(p));
  return texts.join('\n');
}
