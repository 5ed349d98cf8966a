// Three steps of a Marp render answered without the library's own machinery for the inputs lectern's
// decks give them (src/vendor/marp.ts): the directives' YAML (simpleDirectives), a slide's inline style
// (plainDeclarations) and linkify-it's pretest (linkifyPrefilter). Each must answer exactly what the
// unpatched step answers: checked on real decks and on generated inputs of the characters that matter
// to YAML, PostCSS and linkify-it; and a cold deck must take them (counts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Marp } from '@marp-team/marp-core';
import marpitYaml from '@marp-team/marpit/lib/markdown/directives/yaml.js';
import marpitInlineStyle from '@marp-team/marpit/lib/helpers/inline_style.js';
import { planDeck } from '../src/deck';
import { readDocument } from '../src/source';
import { renderTemplate } from '../src/templates';
import { loadTheme, renderMarkdown } from '../src/slides';
import {
  fastPathHits,
  linkifyPrefilter,
  linkifyPretests,
  plainComment,
  plainDeclarations,
  simpleDirectives,
} from '../src/vendor/marp';
import { VendorPatchError } from '../src/vendor/patch';
import { metrics, plainMarpRender, root, sampleAndCorpus, widths } from './deck-helpers';

// taken before any engine is built in this process: lectern's engine wraps both process-wide
const realYaml = marpitYaml.yaml!;
type InlineStyle = { toString(): string };
const InlineStyleClass = marpitInlineStyle.default as unknown as new (decls?: Record<string, unknown>) => InlineStyle;
const realStyleToString = InlineStyleClass.prototype.toString;

/** A small deterministic generator (the same cases every run) */
function random(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
}

function deckMarkdown(file: string): string {
  const doc = readDocument(file);
  const { plan } = planDeck({ doc, metrics, widths, date: doc.meta.date });
  return renderTemplate('slides.md.hbs', plan, root);
}

const decks = sampleAndCorpus(4).map(deckMarkdown);

/** The ways Marpit calls yaml(): comments (loose), the front matter (loose keys), loose off */
const LOOSE: (boolean | string[])[] = [true, ['size', 'headingDivider'], false];

test('simpleDirectives: every directive of real decks, and the front matter, read as js-yaml reads them', () => {
  let simple = 0;
  for (const md of decks) {
    const front = /^---\n([\s\S]*?)\n---\n/.exec(md)![1]!;
    const comments = [...md.matchAll(/<!--+\s*([\s\S]*?)\s*--+>/g)].map((m) => m[1]!.trim());
    for (const text of [front, ...comments.filter((c) => !plainComment(c))]) {
      const fast = simpleDirectives(text);
      assert.ok(fast, `lectern's directive takes the fast path: ${text}`);
      simple++;
      for (const loose of LOOSE) assert.deepEqual(fast, realYaml(text, loose), `${text} (loose ${String(loose)})`);
    }
  }
  assert.ok(simple > 20, `${simple} directives`);
});

test('simpleDirectives: generated lines of indicators, quotes and spaces read as js-yaml reads them', () => {
  const rnd = random(7);
  const keys = ['_class', 'footer', 'paginate', 'theme', 'size', '_x-y', '__proto__', 'a1'];
  const alphabet = [
    ...' ab-:#"\'\\\t?,[]{}&*!|>%@`.。賨·',
    ...['\u00a0', '\u3000', '\r', '\ufeff', '\u2028', '\u0085', "''", '\ud800', '\udc00', '😀', '---', '...'],
  ];
  let fast = 0;
  for (let i = 0; i < 30_000; i++) {
    const lines: string[] = [];
    for (let n = 1 + rnd(3); n > 0; n--) {
      let v = '';
      for (let j = rnd(7); j > 0; j--) v += alphabet[rnd(alphabet.length)];
      if (rnd(3) === 0) v = `'${v}'`;
      lines.push(`${keys[rnd(keys.length)]}:${' '.repeat(rnd(3))}${v}${rnd(4) === 0 ? ' ' : ''}`);
    }
    const text = lines.join('\n');
    const got = simpleDirectives(text);
    if (got === undefined) continue;
    fast++;
    for (const loose of LOOSE) assert.deepEqual(got, realYaml(text, loose), JSON.stringify(text));
  }
  assert.ok(fast > 1000, `${fast} generated texts took the fast path`);
  // js-yaml's own answers for what the fast path leaves to it
  for (const text of ['a: 1\na: 2', '__proto__: x', 'a: b　', 'a: x: y', 'a: b #c', "a: 'b", 'a:b', 'a: ', '- a'])
    assert.equal(simpleDirectives(text), undefined, text);
});

test('plainDeclarations: what PostCSS builds for the inline styles of generated declarations', () => {
  const rnd = random(11);
  const props = ['--paginate', '--footer', '--class', 'color', 'background-image', '-x', '--', 'x:y', 'b c'];
  const alphabet = [
    ...'ab -:#"\'\\\t;{}()[]!*@/<>%+~=&|^$`?,.。賨·1\n',
    ...['\u00a0', '\u3000', '-->', '<!--', '/*', 'url(', 'true'],
  ];
  let fast = 0;
  for (let i = 0; i < 20_000; i++) {
    const decls: Record<string, unknown> = {};
    for (let n = 1 + rnd(4); n > 0; n--) {
      let v = '';
      for (let j = rnd(7); j > 0; j--) v += alphabet[rnd(alphabet.length)];
      decls[props[rnd(props.length)]!] = rnd(10) === 0 ? true : v;
    }
    const got = plainDeclarations(Object.entries(decls));
    if (got === undefined) continue;
    fast++;
    assert.equal(got, realStyleToString.call(new InlineStyleClass(decls)), JSON.stringify(decls));
  }
  assert.ok(fast > 1000, `${fast} generated styles took the fast path`);
});

test('linkifyPrefilter: pretest answers as linkify-it does, on generated texts and texts with links', () => {
  const plain = (new Marp().markdown as unknown as { linkify: { pretest(t: string): boolean } }).linkify;
  const marp = new Marp();
  linkifyPrefilter(marp);
  const patched = (marp.markdown as unknown as { linkify: { pretest(t: string): boolean } }).linkify;
  const rnd = random(5);
  const alphabet = [
    ...'aWx.:/@ 1-_>|<\uff5c。，',
    ...['localhost', 'LOCALHOST', 'www.', 'WWW.', 'com', 'рф', 'РФ', 'xn--p1ai', 'http:', '//', 'mailto:', '192.168.'],
    ...['\u0130', 'ſ', '\u212a', '1\\.', '</span>'],
  ];
  const before = { ...linkifyPretests };
  for (let i = 0; i < 30_000; i++) {
    let text = '';
    for (let j = rnd(9); j > 0; j--) text += alphabet[rnd(alphabet.length)];
    assert.equal(patched.pretest(text), plain.pretest(text), JSON.stringify(text));
  }
  for (const text of [
    '详见 https://www.gov.cn/zhengce/content_1.htm 。',
    '网址www.example.com，邮箱 someone@example.org；',
    'github.com/markdown-it 与 192.168.0.1:8080/path',
    '（见example.cn）“xn--fiqs8s.xn--fiqz9s/首页” 或 пример.рф',
    '服务在 LOCALHOST 上',
  ])
    assert.equal(patched.pretest(text), true, text);
  assert.ok(linkifyPretests.prefiltered - before.prefiltered > 5000, 'the prefilter answered');
  assert.ok(linkifyPretests.run - before.run > 5000, 'pretest ran where it could match');
});

test('linkifyPrefilter throws for a linkify-it set up otherwise (a schema without ":" or "//")', () => {
  const marp = new Marp();
  (marp.markdown as unknown as { linkify: { add(s: string, d: string): void } }).linkify.add('tel', 'http:');
  assert.throws(() => linkifyPrefilter(marp), VendorPatchError);
});

test('a deck rendered by lectern’s engine takes the three fast paths, with the bytes of an unpatched render', () => {
  const theme = loadTheme(root);
  const expected = plainMarpRender(decks[0]!, theme.css);
  const before = { ...fastPathHits, prefiltered: linkifyPretests.prefiltered };
  const { html, css, comments } = renderMarkdown(decks[0]!, theme);
  assert.equal(html, expected.html);
  assert.equal(css, expected.css);
  assert.deepEqual(comments, expected.comments);
  assert.ok(fastPathHits.directives > before.directives, 'no directive read without js-yaml');
  assert.ok(fastPathHits.declarations > before.declarations, 'no inline style built without PostCSS');
  assert.ok(linkifyPretests.prefiltered > before.prefiltered, "linkify's pretest never prefiltered");
});
