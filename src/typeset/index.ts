// The Chinese typesetting engine: plain data in (text, fonts, measure), plain data out (pages → lines →
// positioned glyph runs). No pdfkit here; src/pdf draws the result.
//   layoutParagraph(input, style, measure)  one paragraph → lines (pure; cache by paragraphKey)
//   cachedLayout(...)                        the same through a process-wide cache
//   typesetHandout(blocks, options)          the handout's block tree → pages, outline, structure, missing characters
//   handoutStyle(geometry, house)            the handout's design numbers (HandoutStyle)
//   pageGeometry(paper, size)                text block a whole number of characters wide
export { layoutParagraph, paragraphKey, type ParagraphInput, type ParagraphStyle } from './paragraph';
export { cachedLayout, typesetHandout, type HandoutFonts, type TypesetOptions } from './document';
export { glyphAdvance } from './shape';
export { handoutStyle, PUNCTUATION_STYLES, type HandoutStyle, type PartBreak, type PunctuationStyle } from './style';
export { pageGeometry, PAPER_SIZES, type PageGeometry, type PaperName } from './geometry';
export { classify, type CharClass } from './classes';
export type * from './types';
