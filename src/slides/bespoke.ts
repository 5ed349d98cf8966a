// The presentation shell of slides.html: marp-cli's "bespoke" template (keyboard/click/swipe
// navigation, fullscreen `f`, overview `o`, presenter view `p` with notes and the next slide), reusing
// its assets from the installed @marp-team/marp-cli at run time, around our own marp-core rendering.
//
// Why not marp-cli's node API: `marpCli([...])` cost 60 ms to import plus 250–350 ms for the first and
// ~145 ms for every later conversion of a two-slide deck (measured on this machine), against a budget
// of < 0.3 s for a whole cold build and < 50 ms for a warm one. The assets it would use are plain
// text: lib/bespoke.js (the browser script) and the template's stylesheet, a string literal in its
// bundle. src/vendor/marp.ts reads both from node_modules once per process; nothing of marp-cli is
// copied into lectern.
import { join } from 'node:path';
import { type BespokeAssets, readBespokeAssets } from '../vendor/marp';
import { localiseBespoke } from '../vendor/marp-labels';
import { keepLast } from '../cache';
import { packageRoot } from '../paths';
import { readRecorded } from './recorded';

export type { BespokeAssets } from '../vendor/marp';

/**
 * The bespoke stylesheet `npm run compile`'s sample build read from marp-cli, by what it was read from
 * (marp-cli's version and its chunks' content-named files): a cold slide worker takes it from here
 * instead of finding it in a 376 KB chunk. Another marp-cli has another key: read from the chunk again.
 */
export const BESPOKE_FILE = join(packageRoot, 'dist', 'marp-bespoke.json');

let assets: BespokeAssets | undefined;

/** marp-cli's bespoke assets (src/vendor/marp.ts), read once per process; the stylesheet recorded at compile time when it fits. */
export function bespokeAssets(): BespokeAssets {
  assets ??= readBespokeAssets(new Map(readRecorded<string>(BESPOKE_FILE)));
  return assets;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface ShellInput {
  lang: string;
  title: string;
  /** marp-core output rendered with container `div#:$p` and inline SVG */
  html: string;
  css: string;
  /** Presenter notes, one array per slide (marp-core's `comments`) */
  notes: string[][];
  /** The embedded fonts' @font-face rules in pieces: ASCII only (base64 and ASCII CSS: webfont.ts, fontFacePieces) */
  fontFaces: readonly string[];
  /** Extra stylesheet after the fonts (the notes' font) */
  extraCss: string;
}

/**
 * slides.html in five parts: the head up to the fonts (title, stylesheets), the fonts' @font-face
 * rules (~0.3 MB of base64, ~75 % of the file), the rest of the head (the controls), the slides and
 * notes, and the script. Under watch all but the slides are kept while their inputs are the same
 * (`keepLast`): an edit changes only the slides, and the slide worker encodes and hashes only what
 * changed (src/pipeline/encoded-output.ts). The fonts are a part of their own because they are ASCII
 * (ASCII_HTML_PARTS): their bytes are their characters, written without UTF-8 encoding — the title
 * and the controls' labels make the head a two-byte string, which V8's UTF-8 encoder went through
 * character by character (~1.2 ms a deck).
 */
export type HtmlParts = readonly [
  headStart: string,
  fonts: readonly string[],
  headEnd: string,
  slides: string,
  script: string,
];

/**
 * A text in parts, in order; a part may itself be pieces written one after another (the fonts' rules:
 * each face's base64 a piece, never copied into one string)
 */
export type OutputParts = readonly (string | readonly string[])[];

/** The parts of HtmlParts that are ASCII by construction: the @font-face rules */
export const ASCII_HTML_PARTS: readonly number[] = [1];

const OSC =
  '<div class="bespoke-marp-osc">' +
  '<button data-bespoke-marp-osc="prev" tabindex="-1" title="上一页">上一页</button>' +
  '<span data-bespoke-marp-osc="page"></span>' +
  '<button data-bespoke-marp-osc="next" tabindex="-1" title="下一页">下一页</button>' +
  '<button data-bespoke-marp-osc="fullscreen" tabindex="-1" title="全屏 (f)">全屏</button>' +
  '<button data-bespoke-marp-osc="overview" tabindex="-1" title="总览 (o)">总览</button>' +
  '<button data-bespoke-marp-osc="presenter" tabindex="-1" title="演讲者视图 (p)">演讲者视图</button>' +
  '</div>';

const shellHead = keepLast(
  'slides: slides.html head',
  (lang: string, title: string, bespokeCss: string, css: string) =>
    `<!DOCTYPE html><html lang="${escapeHtml(lang)}"><head><meta charset="UTF-8">` +
    `<title>${escapeHtml(title)}</title>` +
    '<meta name="viewport" content="width=device-width,height=device-height,initial-scale=1.0">' +
    '<meta name="apple-mobile-web-app-capable" content="yes">' +
    `<style>${bespokeCss}</style><style>${css}</style><style>`,
);

const shellHeadEnd = keepLast(
  "slides: slides.html head's end",
  (extraCss: string) => `\n${extraCss}</style></head><body>${OSC}`,
);

const shellScript = keepLast(
  'slides: slides.html script',
  (js: string, lang: string) => `<script>${localiseBespoke(js, lang)}</script></body></html>`,
);

/** How often the head and the script were kept from the last deck, and how often made (tests) */
export const shellReuse = { head: shellHead.reuse, headEnd: shellHeadEnd.reuse, script: shellScript.reuse };

/** The standalone slides.html's parts (joined: the file): bespoke shell + slides + notes, no external resource at all. */
export function bespokeHtmlParts(input: ShellInput): HtmlParts {
  const { css: bespokeCss, js } = bespokeAssets();
  const notes = input.notes
    .map((list, i) =>
      list.length
        ? `<div class="bespoke-marp-note" data-index="${i}" tabindex="0">` +
          // U+2060 only protected the comment in slides.md
          list.map((n) => `<p>${escapeHtml(n.replace(/\u2060/g, ''))}</p>`).join('') +
          '</div>'
        : '',
    )
    .join('');
  return [
    shellHead(input.lang, input.title, bespokeCss, input.css),
    input.fontFaces,
    shellHeadEnd(input.extraCss),
    `${input.html}${notes}`,
    shellScript(js, input.lang),
  ];
}

/** The standalone slides.html: bespoke shell + slides + notes, no external resource at all. */
export function bespokeHtml(input: ShellInput): string {
  return bespokeHtmlParts(input).flat().join('');
}
