// Marpit parses every HTML comment of a deck as YAML to find directives; lectern skips that parse for
// comments that cannot be anything but a note (src/vendor/marp.ts plainComment). The shortcut must
// answer exactly what Marpit's yaml() answers: checked against the unpatched function on every comment
// of real decks and on many generated texts built from YAML's indicators, markers and line breaks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import marpitYaml from '@marp-team/marpit/lib/markdown/directives/yaml.js';
import { planDeck } from '../src/deck';
import { readDocument } from '../src/source';
import { renderTemplate } from '../src/templates';
import { plainComment } from '../src/vendor/marp';
import { metrics, root, sampleAndCorpus, widths } from './deck-helpers';

// taken before any engine is built in this process: lectern's engine wraps this module's function
const realYaml = marpitYaml.yaml!;

/** The comments of a deck as Marpit's comment rule gives them to yaml() (trimmed content). */
function comments(markdown: string): string[] {
  return [...markdown.matchAll(/<!--+\s*([\s\S]*?)\s*--+>/g)].map((m) => m[1]!.trim());
}

test('every comment of real decks that skips the YAML parse is one Marpit reads as no directive', () => {
  const files = sampleAndCorpus(3);
  let plain = 0;
  let parsed = 0;
  for (const file of files) {
    const doc = readDocument(file);
    const { plan } = planDeck({ doc, metrics, widths, date: doc.meta.date });
    for (const text of comments(renderTemplate('slides.md.hbs', plan, root))) {
      if (plainComment(text)) {
        plain++;
        assert.equal(realYaml(text, true), false, text);
      } else parsed++;
    }
  }
  // the notes skip the parse; the directives (`_class: title`, `footer: …`) do not
  assert.ok(plain > parsed && parsed > 0, `${plain} comments skipped the parse, ${parsed} were parsed`);
});

test('generated texts: whenever the YAML parse is skipped, Marpit’s yaml() answers false', () => {
  const pieces = [
    'a',
    '中文',
    ' ',
    '  ',
    '\n',
    '\n  ',
    '\t',
    '-',
    '- ',
    '\n- ',
    '?',
    '? ',
    '\n? ',
    ',',
    '[',
    ']',
    '{',
    '}',
    '#',
    ' #',
    '&',
    '*',
    '!',
    '!!map',
    '|',
    '>',
    "'",
    '"',
    '%',
    '@',
    '`',
    '.',
    '---',
    '\n---\n',
    '...',
    '\n...\n',
    '\\',
    '：',
    '——',
    '=',
    'key',
    'footer',
    '_class',
    '\u2060',
    '1',
    'true',
    'null',
    '~',
    '\r\n',
  ];
  let seed = 12345;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed;
  };
  let checked = 0;
  for (let n = 0; n < 50000; n++) {
    let text = '';
    const length = 1 + (next() % 12);
    for (let i = 0; i < length; i++) text += pieces[next() % pieces.length];
    // Marpit hands over trimmed comment contents
    text = text.trim();
    if (!plainComment(text)) continue;
    checked++;
    assert.equal(realYaml(text, true), false, JSON.stringify(text));
    assert.equal(realYaml(text, false), false, JSON.stringify(text));
  }
  assert.ok(checked > 5000, `${checked} texts checked`);
});
