// Slides: Marp Markdown → standalone slides.html (bespoke shell, embedded subset web font), and the
// optional slides.pdf through marp-cli.
import type { LoadedFont } from '../fonts';
import { keepLast } from '../cache';
import { bespokeHtmlParts, type HtmlParts, type OutputParts } from './bespoke';
import { renderMarkdown, type LoadedTheme } from './render';
import { charsetOf, fontFacePieces, subsetWoff2, WEB_FONT_FAMILY, type WebFontFace } from './webfont';

export { loadTheme, renderMarkdown, marpFor, MARP_OPTIONS } from './render';
export type { LoadedTheme, Rendered } from './render';
export {
  ASCII_HTML_PARTS,
  bespokeAssets,
  bespokeHtml,
  bespokeHtmlParts,
  type HtmlParts,
  type OutputParts,
} from './bespoke';
export { charsetOf, subsetWoff2, fontFaceCss, fontFacePieces, WEB_FONT_FAMILY } from './webfont';
export { sfntToWoff2 } from '../fonts/woff2';
export { findChromium, exportPdf, exportPptx } from './pdf';

/** Text shown bold in the deck: headings and **strong** runs (they need the bold face). */
export function boldTextOf(markdown: string): string {
  const parts: string[] = [];
  for (const line of markdown.split('\n')) if (/^#{1,6} /.test(line)) parts.push(line);
  for (const m of markdown.matchAll(/\*\*(.+?)\*\*/g)) parts.push(m[1]!);
  return parts.join('');
}

/** The embedded fonts of a deck: the regular face for all its text (notes included), bold for bold text. */
export async function webFontCss(
  markdown: string,
  regular: LoadedFont,
  bold: LoadedFont | null,
): Promise<readonly string[]> {
  // both faces subset now, both compressed at once off this thread
  const [woff2, boldWoff2] = await Promise.all([
    subsetWoff2(regular, charsetOf(markdown)),
    bold && bold.path !== regular.path ? subsetWoff2(bold, charsetOf(boldTextOf(markdown))) : undefined,
  ]);
  return facesCss(woff2, boldWoff2);
}

/**
 * The @font-face rules of the two faces' WOFF2 files. The subsets are cached (webfont.ts), so an
 * unchanged character set gives the same buffers and, under watch, the same CSS string (~0.3 MB of
 * base64) without encoding it again — and the same string object, which the steps after it compare.
 */
const facesCss = keepLast('slides: @font-face rules of the last faces', (woff2: Buffer, boldWoff2?: Buffer) => {
  const faces: WebFontFace[] = [{ weight: 400, woff2 }];
  if (boldWoff2) faces.push({ weight: 700, woff2: boldWoff2 });
  return fontFacePieces(faces);
});

/** Presenter notes and the on-screen controls use the embedded font too. */
const NOTES_CSS = `.bespoke-marp-note,.bespoke-marp-presenter-note-container,.bespoke-marp-presenter-info-container{font-family:'${WEB_FONT_FAMILY}',sans-serif}`;

export interface HtmlResult {
  /** `parts` joined, when first read (`withLazyHtml`) */
  readonly html: string;
  /** `html` in five parts, all but the slides kept under watch while unchanged (encoded-output.ts) */
  parts: HtmlParts;
  slides: number;
  /** The @font-face rules (also used for the PDF export) */
  fontCss: string;
}

/** Renders slides.md into the standalone slides.html. */
export async function renderSlidesHtml(
  markdown: string,
  opts: { theme: LoadedTheme; title: string; lang: string; regular: LoadedFont; bold: LoadedFont | null },
): Promise<HtmlResult> {
  // the fonts are subset first, and compressed on the thread pool while Marp renders
  const fontCssPending = webFontCss(markdown, opts.regular, opts.bold);
  fontCssPending.catch(() => {}); // awaited below: a render error must not leave it unhandled
  const rendered = renderMarkdown(markdown, opts.theme);
  const fontFaces = await fontCssPending;
  const parts = bespokeHtmlParts({
    lang: opts.lang,
    title: opts.title,
    html: rendered.html,
    css: rendered.css,
    notes: rendered.comments,
    fontFaces,
    extraCss: NOTES_CSS,
  });
  // the rules as one string for the PDF and PPTX exports: concatenated (V8 copies nothing until a
  // character is read, which only an export does)
  const fontCss = fontFaces.reduce((css, piece) => css + piece, '');
  return withLazyHtml({ parts, slides: rendered.slides, fontCss }, parts);
}

/**
 * `r` with `html`: `parts` joined when first read. The slide worker encodes the parts and never reads
 * it, and the joined string (~0.4 MB of two-byte text for the sample) was made for every deck. Not
 * enumerable: copying `r` (`{ ...r }`) does not join it either.
 */
export function withLazyHtml<T extends object>(r: T, parts: OutputParts): T & { readonly html: string } {
  let html: string | undefined;
  const join = (): string => {
    htmlJoins.count++;
    return parts.flat().join('');
  };
  return Object.defineProperty(r, 'html', { enumerable: false, get: () => (html ??= join()) }) as T & {
    readonly html: string;
  };
}
/** How often a deck's slides.html was joined from its parts (tests). */
export const htmlJoins = { count: 0 };

/** How often the @font-face rules were kept from the last deck, and how often made (tests) */
export const fontCssReuse = facesCss.reuse;
