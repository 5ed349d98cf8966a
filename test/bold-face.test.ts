// A cold build's bold web font is made by whichever of its two threads is free first
// (src/pipeline/bold-face.ts): the slide worker offers the face's characters to the main thread as soon as
// its slides.md is made; the main thread, waiting for the deck once its handout is made, claims it and
// makes it while the worker renders. Exactly one thread makes it, and slides.html is the same either way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FontSet, loadFontConfig } from '../src/fonts';
import { buildDocument } from '../src/pipeline';
import {
  BY_MAIN,
  BY_WORKER,
  boldFaceClaimedBy,
  boldFaceHelp,
  claimBoldFace,
  newBoldFaceClaim,
} from '../src/pipeline/bold-face';
import { inThreadSlides, type SlidesResult, workerSlides } from '../src/pipeline/slides-runner';
import { Timer } from '../src/pipeline/timer';
import { loadSettings } from '../src/settings';
import { boldTextOf, charsetOf, type FaceHelper, subsetWoff2 } from '../src/slides';
import { makeSlides } from '../src/slides/stage';
import { readDocument } from '../src/source';
import { fonts as deckFonts, sampleFile, settings as deckSettings } from './deck-helpers';
import { decksPosted, root, sample, tempDir } from './helpers';

test('one claim decides who makes the bold face: the first thread to claim it', () => {
  const claim = newBoldFaceClaim();
  assert.equal(boldFaceClaimedBy(claim), undefined);
  assert.equal(claimBoldFace(claim, BY_MAIN), true);
  assert.equal(claimBoldFace(claim, BY_WORKER), false);
  assert.equal(claimBoldFace(claim, BY_MAIN), false);
  assert.equal(boldFaceClaimedBy(claim), BY_MAIN);
});

test('the deck offers its bold face to a helper first, and uses the helper’s face when it took it: the same slides.html', async () => {
  const doc = readDocument(sampleFile);
  const alone = await makeSlides(doc, deckSettings(), deckFonts, new Timer());
  const bold = deckFonts.get('slidesBold');
  for (const helperMakes of ['yes', 'no', 'failed'] as const) {
    const offers: string[] = [];
    const helper: FaceHelper = {
      offer: (chars) => offers.push(chars),
      taken: () =>
        helperMakes === 'no'
          ? undefined
          : Promise.resolve(helperMakes === 'yes' ? subsetWoff2(bold, offers[0]!) : undefined),
    };
    const helped = await makeSlides(doc, deckSettings(), deckFonts, new Timer(), helper);
    assert.deepEqual(offers, [charsetOf(boldTextOf(alone.markdown))], helperMakes);
    assert.equal(helped.html, alone.html, helperMakes);
  }
});

test('a cold build’s slide worker offers its bold face to the main thread: made by exactly one thread, the same bytes; a batch’s decks are not offered', async () => {
  const settings = loadSettings(root, {});
  const fonts = new FontSet(loadFontConfig(root));
  const results: SlidesResult[] = [];
  const keep = (runner: ReturnType<typeof workerSlides>) => ({
    ...runner,
    async run(...args: Parameters<typeof runner.run>) {
      const r = await runner.run(...args);
      results.push(r);
      return r;
    },
  });
  const before = { ...boldFaceHelp };
  const posted = await decksPosted(async () => {
    const batch = workerSlides(true); // the compiled worker (dist/slides-worker-loader.cjs)
    try {
      // a batch's document (lastDeck unset): both faces made on the worker, as before
      await buildDocument(sample, tempDir(), settings, fonts, { force: true, slides: keep(batch) }, new Timer());
    } finally {
      await batch.close();
    }
    const cold = workerSlides();
    try {
      // a build of one transcript: the main thread waits for the deck once its handout is made
      const opts = { force: true, lastDeck: true, slides: keep(cold) };
      await buildDocument(sample, tempDir(), settings, fonts, opts, new Timer());
    } finally {
      await cold.close();
    }
  });
  assert.equal(posted.length, 2);
  assert.equal(posted[0]!.boldFaceClaim, undefined, 'a batch’s deck offers nothing');
  const claim = posted[1]!.boldFaceClaim;
  assert.ok(claim, 'the cold build’s deck carries the claim');
  assert.equal(boldFaceHelp.offered - before.offered, 1, 'the face was offered to the main thread once');
  const by = boldFaceClaimedBy(claim);
  assert.ok(by === BY_MAIN || by === BY_WORKER, 'made by one thread');
  assert.equal(boldFaceHelp.made - before.made, by === BY_MAIN ? 1 : 0);
  // the same slides.html as the slide stage alone in this thread
  const inThread: SlidesResult[] = [];
  await buildDocument(
    sample,
    tempDir(),
    settings,
    fonts,
    {
      force: true,
      slides: {
        ...inThreadSlides,
        async run(doc, s, f, t) {
          const r = await inThreadSlides.run(doc, s, f, t);
          inThread.push(r);
          return r;
        },
      },
    },
    new Timer(),
  );
  for (const r of results) assert.equal(r.html, inThread[0]!.html);
});
