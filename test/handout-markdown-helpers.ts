// Shared by the handout Markdown reader's tests: the handout template's Markdown of a transcript, the
// transcripts it is checked on, and a small seeded generator.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { handoutTemplateData } from '../src/handout/stage';
import { loadSettings, settingsForDocument } from '../src/settings';
import { documentFromBytes } from '../src/source';
import { renderTemplate } from '../src/templates';
import { HANDOUT_FIXTURES, root } from './helpers';

const base = loadSettings(root, {}, {}, () => {});

/** The handout Markdown the default template writes for a transcript's text. */
export function handoutMarkdown(text: string): string {
  const doc = documentFromBytes(Buffer.from(text), 'talk.txt');
  return renderTemplate('handout.md.hbs', handoutTemplateData(doc, settingsForDocument(base, doc, text)), root);
}

const corpus = join(root, 'test', 'corpus', 'texts');
/** The handout fixtures and the corpus texts (files). */
export const HANDOUT_TRANSCRIPTS = [
  ...HANDOUT_FIXTURES,
  ...readdirSync(corpus)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => join(corpus, f)),
];

/** A seeded generator of integers below n (a linear congruential one). */
export function lcg(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s % n;
  };
}
