// A cold build's critical path (issue 15): the slide worker's deck is the longer of the two paths, so
// the main thread hands it the recognised document before loading the handout stage (pdfkit,
// fontkit) or checking the slide fonts' coverage — work only the main thread needs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FontSet, loadFontConfig } from '../src/fonts';
import { buildDocument } from '../src/pipeline';
import { inThreadSlides, type SlidesRunner } from '../src/pipeline/slides-runner';
import { Timer } from '../src/pipeline/timer';
import { loadSettings } from '../src/settings';
import { root, sample, tempDir } from './helpers';

test('the document goes to the slide stage before the handout stage is loaded', async () => {
  const seen: string[][] = [];
  // the in-thread runner, noting which phases the main thread had been through when it got the document
  const recording: SlidesRunner = {
    ...inThreadSlides,
    run(doc, settings, fonts, timer) {
      seen.push([...timer.totals.keys()]);
      return inThreadSlides.run(doc, settings, fonts, timer);
    },
  };
  const timer = new Timer();
  const settings = loadSettings(root, {});
  const fonts = new FontSet(loadFontConfig(root));
  const r = await buildDocument(sample, tempDir(), settings, fonts, { force: true, slides: recording }, timer);
  assert.equal(r.skipped, false);
  assert.equal(seen.length, 1);
  assert.ok(seen[0]!.includes('recognition'), `recognised first: ${seen[0]}`);
  assert.ok(
    !seen[0]!.includes('handout modules'),
    `handout stage loaded before the slides got the document: ${seen[0]}`,
  );
  // …and it was loaded in this build, after that
  assert.ok(timer.totals.has('handout modules'));
});
