// The memoised steps of a Marp render (src/vendor/marp.ts, memoised-render-steps) give exactly what an
// unpatched marp-core gives, for real decks and for a deck edited between two renders; and the memos are
// used (a rebuild that re-ran every step would still pass the comparison, but not the hit counts).
// The unpatched renders come first: the memos are installed in this process by the first marpFor().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planDeck } from '../src/deck';
import { readDocument } from '../src/source';
import { renderTemplate } from '../src/templates';
import { loadTheme, renderMarkdown } from '../src/slides';
import { renderMemoHits, renderMemoRuns } from '../src/vendor/marp';
import { metrics, plainMarpRender as plainRender, root, sampleAndCorpus, widths } from './deck-helpers';

const texts = sampleAndCorpus(4);

function deckMarkdown(file: string): string {
  const doc = readDocument(file);
  const { plan } = planDeck({ doc, metrics, widths, date: doc.meta.date });
  return renderTemplate('slides.md.hbs', plan, root);
}

test('memoised Marp renders equal unpatched marp-core, also after an edit, and reuse the memos', () => {
  const theme = loadTheme(root);
  const decks = texts.map(deckMarkdown);
  // an edit of one slide's text and its notes, as under `lectern watch`
  const sample = decks[0]!;
  const edited = sample.replace('规划先行', '规划先行！');
  assert.notEqual(edited, sample, 'the sample deck no longer says 规划先行');
  const expected = [...decks, edited].map((md) => plainRender(md, theme.css));

  const renderAndCompare = () => {
    for (const [i, md] of [...decks, edited].entries()) {
      const { html, css, comments } = renderMarkdown(md, theme);
      const want = expected[i]!;
      assert.equal(html, want.html, `html of deck ${i} differs`);
      assert.equal(css, want.css, `css of deck ${i} differs`);
      assert.deepEqual(comments, want.comments, `notes of deck ${i} differ`);
    }
  };
  renderAndCompare();
  // every deck has notes (comments), <wbr> tags and slides with inline styles: all three memos answer
  assert.ok(renderMemoHits.yaml > 0, 'comment YAML never reused');
  assert.ok(renderMemoHits.htmlInline > 0, 'inline HTML filter never reused');
  assert.ok(renderMemoHits.inlineStyle > 0, 'inline styles never reused');
  // the same decks again (a rebuild after an edit elsewhere): nothing is computed a second time
  const runs = { ...renderMemoRuns };
  renderAndCompare();
  assert.deepEqual(renderMemoRuns, runs, 'a memoised step ran again for an input it had seen');
});
