// The Marp stylesheet of lectern's theme is packed once, by `npm run compile` (dist/marp-styles.json,
// src/slides/render.ts), and a cold build reuses it instead of running the theme through PostCSS: the
// reused stylesheet must be the one marp-core packs now, must be in use for lectern's own theme (it
// is not when the theme changed and dist/ was not compiled again: then this test fails), and an edited
// theme must be packed anew, never answered from the file.
// The unpatched renders come first: lectern's memos are installed in this process by its first engine.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadTheme, marpFor } from '../src/slides';
import { cacheSizes } from '../src/cache';
import { prepareSlides } from '../src/slides/stage';
import { type MemoisedStyleMarp, themeCounts } from '../src/vendor/marp';
import { plainMarpRender } from './deck-helpers';
import { root } from './helpers';

/** A deck with the front matter templates/slides.md.hbs writes (the global directives are in the key). */
const deck = (lang: string) =>
  `---\nmarp: true\nlang: ${lang}\ntheme: lectern\npaginate: true\n---\n\n# 标题\n\n---\n\n## 要点\n\n- 一\n- 二\n`;

const plainCss = (markdown: string, themeCss: string): string => plainMarpRender(markdown, themeCss).css;
const plainHtml = (markdown: string, themeCss: string): string => plainMarpRender(markdown, themeCss).html;

test('the stylesheet packed at compile time is marp-core’s for the current theme, and a cold deck packs none', () => {
  const recorded = JSON.parse(readFileSync(join(root, 'dist', 'marp-styles.json'), 'utf8')) as [string, string][];
  assert.ok(recorded.length > 0, 'npm run compile records dist/marp-styles.json');
  const theme = loadTheme(root);
  const edited = { ...theme, css: theme.css.replace(/\}/, ';outline:0}') };
  assert.notEqual(edited.css, theme.css);
  const want = plainCss(deck('zh-CN'), theme.css);
  const wantEdited = plainCss(deck('zh-CN'), edited.css);
  const wantHtml = plainHtml(deck('zh-CN'), theme.css);
  const made = { ...themeCounts };

  // what the slide worker does before its first document (engine, template), then that document's render
  const templates = 'templates: compiled templates by file';
  assert.equal(cacheSizes()[templates], 0);
  prepareSlides();
  assert.equal(cacheSizes()[templates], 1, 'slides.md.hbs compiled before the document');
  const marp = marpFor(theme) as MemoisedStyleMarp;
  assert.deepEqual(marp.styleCounts, { seeded: 0, packed: 0 });
  assert.equal(marp.render(deck('zh-CN')).css, want);
  assert.deepEqual(
    marp.styleCounts,
    { seeded: 1, packed: 0 },
    'the theme was packed at run time: dist/marp-styles.json is stale (npm run compile) or no longer matches the key',
  );
  assert.ok(recorded.some(([, css]) => css === want));
  // marp-core's default theme and lectern's: added from dist/marp-themes.json, none made through PostCSS
  assert.deepEqual(
    { recorded: themeCounts.recorded - made.recorded, made: themeCounts.made - made.made },
    { recorded: 2, made: 0 },
    'a theme was made through PostCSS at run time: dist/marp-themes.json is stale (npm run compile)',
  );
  assert.equal(marp.render(deck('zh-CN')).html, wantHtml);
  assert.equal(marp.themeSet.default?.name, 'default');

  // an edited theme (a project's copy) has another key: packed now, as marp-core packs it
  assert.equal((marpFor(edited) as MemoisedStyleMarp).render(deck('zh-CN')).css, wantEdited);
  assert.deepEqual(marp.styleCounts, { seeded: 1, packed: 1 });
  assert.equal(themeCounts.made - made.made, 1, 'the edited theme made through PostCSS');
  // and back: the stylesheet the first render used, from the memo, without packing
  assert.equal((marpFor(theme) as MemoisedStyleMarp).render(deck('zh-CN')).css, want);
  assert.deepEqual(marp.styleCounts, { seeded: 1, packed: 1 });
});

test('a deck rendered with an unchanged theme set finds its stylesheet without stringifying the theme set', () => {
  const theme = loadTheme(root);
  const marp = marpFor(theme) as MemoisedStyleMarp;
  const want = marp.render(deck('zh-CN')).css;
  const wantEn = marp.render(deck('en')).css;
  assert.equal(wantEn, plainCss(deck('en'), theme.css));
  // every JSON text made during the next render: the memo's key held the theme set's CSS, made again
  // (and hashed, and compared) for every deck of a batch or a rebuild
  const stringify = JSON.stringify;
  let longest = 0;
  JSON.stringify = ((...args: Parameters<typeof stringify>) => {
    const text = stringify(...args);
    longest = Math.max(longest, text?.length ?? 0);
    return text;
  }) as typeof JSON.stringify;
  try {
    assert.equal(marp.render(deck('zh-CN')).css, want);
    assert.equal(marp.render(deck('en')).css, wantEn);
  } finally {
    JSON.stringify = stringify;
  }
  assert.ok(longest > 0);
  assert.ok(longest < theme.css.length, `a JSON text of ${longest} characters, the theme's CSS is ${theme.css.length}`);
});
