// Under watch the handout's inline texts (each heading's and paragraph's Markdown) are parsed again
// only when their source changed: the blocks still equal a cold parse's after every edit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import cjkFriendly from 'markdown-it-cjk-friendly';
import { clearCaches, expectRebuilds } from '../src/cache';
import { inlineParses, parseHandoutMarkdown } from '../src/handout/parse';
import { handoutMarkdown } from './handout-markdown-helpers';
import { root, sample } from './helpers';

/** Every inline text as markdown-it's own full parse (its core inline rule) gives it, children joined. */
function fullParseTexts(markdown: string): string[] {
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false }).use(cjkFriendly);
  return md
    .parse(markdown, {})
    .filter((t) => t.type === 'inline')
    .map((t) =>
      (t.children ?? [])
        .map((c) => (c.type === 'softbreak' || c.type === 'hardbreak' ? ' ' : c.content))
        .join('')
        .trim(),
    );
}

const corpus = join(root, 'test', 'corpus', 'texts');
const texts = [
  readFileSync(sample, 'utf8'),
  ...readdirSync(corpus)
    .filter((f) => f.endsWith('.txt'))
    .slice(0, 8)
    .map((f) => readFileSync(join(corpus, f), 'utf8')),
];

test('handout inline texts kept under watch: blocks equal a cold parse after each edit, only edited texts parsed again', () => {
  try {
    for (const text of texts) {
      const paragraphs = text.split('\n').filter((l) => l.trim().length > 20);
      const target = paragraphs[Math.floor(paragraphs.length / 2)]!;
      const edits = [
        text,
        text.replace(target, `${target.slice(0, 10)}**新增**${target.slice(10)}`), // a bold run added
        text.replace(target, `${target}补一句。`), // a character added
        text.replace(`${target}\n`, ''), // the paragraph removed
        text,
      ];
      expectRebuilds(false);
      clearCaches();
      const cold = edits.map((t) => parseHandoutMarkdown(handoutMarkdown(t)));
      // the inline parse where its text is read gives what markdown-it's own core rule gives
      for (const [k, t] of edits.entries()) {
        const read = cold[k]!.flatMap((b) => ('text' in b ? [b.text] : []));
        const full = new Set(fullParseTexts(handoutMarkdown(t)));
        for (const r of read) assert.ok(full.has(r), `"${r.slice(0, 30)}" is not a text markdown-it parses`);
      }
      expectRebuilds(true);
      clearCaches();
      parseHandoutMarkdown(handoutMarkdown(edits[0]!));
      for (const [k, t] of edits.entries()) {
        const before = { ...inlineParses };
        const warm = parseHandoutMarkdown(handoutMarkdown(t));
        assert.deepEqual(warm, cold[k], `edit ${k}: warm blocks differ from a cold parse`);
        const parsed = inlineParses.parsed - before.parsed;
        // the same text again: nothing parsed; an edit: the texts it touched (a paragraph of the handout
        // may join several lines of the transcript), the others reused
        if (k === 0 || k === 4) assert.equal(parsed, 0, `edit ${k}: ${parsed} texts parsed again`);
        else {
          assert.ok(parsed <= 2, `edit ${k}: ${parsed} texts parsed again`);
          if (k !== 3) assert.ok(parsed >= 1, `edit ${k}: the edited text was not parsed again`);
          assert.ok(inlineParses.reused - before.reused > 5, 'the other texts reused');
        }
      }
    }
  } finally {
    expectRebuilds(false);
    clearCaches();
  }
});

test('handout inline texts: Markdown that defines link references is parsed without the kept texts', () => {
  try {
    expectRebuilds(true);
    clearCaches();
    const withRef = parseHandoutMarkdown('见 [资料] 一文。\n\n[资料]: https://example.org\n');
    assert.equal(withRef[0]?.kind === 'paragraph' && withRef[0].text, '见 资料 一文。');
    const without = parseHandoutMarkdown('见 [资料] 一文。\n');
    assert.equal(without[0]?.kind === 'paragraph' && without[0].text, '见 [资料] 一文。');
  } finally {
    expectRebuilds(false);
    clearCaches();
  }
});
