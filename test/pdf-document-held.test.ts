// A build that another may follow in the process (watch, a batch) holds the pdfkit document it wrote
// until the next build writes its own (src/pdf/write.ts, lastWritten): V8 drops a hidden class no live
// object has at a full collection, and between two documents of a batch no pdfkit object was alive —
// the next PDFDocument re-generalised a field type (its `outline`) and V8 threw away the optimised
// writePdf that relied on it (after TurboFan's stop it then ran at the baseline tier for the rest of the
// batch). A build of one transcript, which no build follows, holds none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FontSet, loadFontConfig } from '../src/fonts';
import { makeHandout } from '../src/handout/stage';
import { pdfDocumentHeld } from '../src/pdf/write';
import { Timer } from '../src/pipeline/timer';
import { loadSettings, settingsForDocument } from '../src/settings';
import { documentFromBytes } from '../src/source';
import { root, sample } from './helpers';

test('a build another may follow holds its PDF document; a build of one transcript does not', async () => {
  const base = loadSettings(root, {}, process.env, () => {});
  const fonts = new FontSet(loadFontConfig(root));
  const text = readFileSync(sample, 'utf8');
  const doc = documentFromBytes(Buffer.from(text), 'talk.txt');
  const settings = settingsForDocument(base, doc, text);
  const handout = (reuse: boolean) => makeHandout(doc, settings, fonts, new Timer(), reuse);
  await handout(true);
  assert.ok(pdfDocumentHeld(), 'a build another may follow held no PDF document');
  await handout(false);
  assert.ok(!pdfDocumentHeld(), 'a build of one transcript held its PDF document');
  await handout(true);
  assert.ok(pdfDocumentHeld());
});
