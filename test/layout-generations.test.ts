// A process that builds document after document (a batch) keeps the paragraph layouts of the document
// being set and of the one before it, not every document's (src/typeset/document.ts, GenerationMap in
// src/cache, moved on by startDocument as buildDocument does): on 50 distinct texts the kept layouts
// were ~27 MB of the main thread's heap at the end.
// A document that repeats the previous one's paragraphs still finds them; under watch every layout is
// kept as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cacheSizes, clearCaches, expectRebuilds, GenerationMap, startDocument } from '../src/cache';
import { FontSet, loadFontConfig } from '../src/fonts';
import { handoutFonts, handoutTemplateData } from '../src/handout/stage';
import { parseHandoutMarkdown } from '../src/handout/parse';
import { documentFromBytes } from '../src/source';
import { loadSettings } from '../src/settings';
import { renderTemplate } from '../src/templates';
import { handoutStyle, pageGeometry, typesetHandout } from '../src/typeset';
import type { TypesetDocument } from '../src/typeset/types';
import { root, sample } from './helpers';

const { chains } = handoutFonts(new FontSet(loadFontConfig(root)));
const settings = loadSettings(root, {}, {});
const text = readFileSync(sample, 'utf8');

/** The sample with `mark` after the first character of every line longer than 20 (a distinct text). */
function variant(mark: string): string {
  return text
    .split('\n')
    .map((l) => (l.length > 20 ? `${l[0]}${mark}${l.slice(1)}` : l))
    .join('\n');
}

function typeset(t: string): TypesetDocument {
  startDocument();
  const doc = documentFromBytes(Buffer.from(t), 'doc.txt');
  const md = renderTemplate('handout.md.hbs', handoutTemplateData(doc, settings), root);
  const g = pageGeometry(settings.handout.paper, settings.handout.bodySize);
  return typesetHandout(parseHandoutMarkdown(md), {
    geometry: g,
    fonts: chains,
    documentTitle: doc.meta.title,
    style: handoutStyle(g),
  });
}

const kept = (): number => cacheSizes()['typeset: paragraph layouts'] ?? 0;

test('GenerationMap: finds entries of the current and previous generations, forgets older ones', () => {
  const m = new GenerationMap<string, number>();
  m.set('a', 1);
  m.nextGeneration();
  m.set('b', 2);
  assert.equal(m.get('a'), 1); // the previous generation's, now the current's
  m.nextGeneration();
  assert.equal(m.get('a'), 1);
  assert.equal(m.get('b'), 2);
  m.nextGeneration();
  m.nextGeneration();
  assert.equal(m.get('a'), undefined);
  assert.equal(m.size, 0);
  m.set('c', 3);
  m.nextGeneration();
  assert.equal(m.has('c'), true); // found, as by get: joins the current generation
  m.nextGeneration();
  assert.equal(m.has('c'), true);
  assert.equal(m.has('d'), false);
  m.clear();
  assert.equal(m.get('c'), undefined);
});

test('a batch keeps the layouts of the last two documents; a repeated document finds its own', () => {
  clearCaches();
  expectRebuilds(false);
  typeset(variant('甲'));
  const one = kept();
  typeset(variant('乙'));
  const two = kept(); // the paragraphs the two share (short lines) once, each one's own
  assert.ok(one > 10 && two > one, `${one}, then ${two} layouts`);
  typeset(variant('丙'));
  typeset(variant('丁'));
  // four distinct documents: the last two documents' layouts are kept, as many as after two
  assert.equal(kept(), two);
  // the same text again: every paragraph is found (the same layout objects), nothing new is laid out
  const first = typeset(variant('丁'));
  const again = typeset(variant('丁'));
  assert.deepEqual(again, first);
  assert.equal(kept(), one);
  clearCaches();
});

test('under watch every layout is kept', () => {
  clearCaches();
  expectRebuilds(true);
  try {
    typeset(variant('甲'));
    const one = kept();
    typeset(variant('乙'));
    const two = kept();
    typeset(variant('丙'));
    assert.equal(kept(), two + (two - one));
  } finally {
    expectRebuilds(false);
    clearCaches();
  }
});
