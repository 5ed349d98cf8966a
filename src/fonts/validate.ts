// Font files are checked when they are parsed, so that a damaged or unsuitable font is a clear
// message instead of blank digits in a printed handout or a stack trace: the tables every use needs
// must be present and lie inside the file (a truncated download fails here), and a font lacking the
// glyphs of the text (a Latin-only slide font) is warned about.
import { LecternError } from '../errors';
import type { TableDirectory } from '../vendor/fontkit';
import type { Diagnostic, Document } from '../model';
import type { FontTables } from './tables';
import { LruMap, registerCache } from '../cache';
import { CodeUnitStamps } from '../cjk/code-unit-stamps';

/** Tables every font lectern measures, shapes or embeds needs. */
const REQUIRED = ['cmap', 'head', 'hhea', 'hmtx', 'maxp'];

const HINT = 'replace the font file (download or copy it again), or point the role at another font in fonts/fonts.json';

/**
 * Throws a LecternError naming the font file when a needed table is missing or cut off (`tables`: the
 * font's table directory, by tag).
 */
export function validateFont(tables: TableDirectory, path: string, fileSize: number): void {
  const missing = REQUIRED.filter((t) => !tables[t]);
  if (!tables['CFF '] && !tables.CFF2 && !(tables.glyf && tables.loca)) missing.push('glyf/loca or CFF');
  if (missing.length)
    throw new LecternError(path, `is not a usable font: no ${missing.join(', ')} table`, { hint: HINT });
  for (const [tag, t] of Object.entries(tables)) {
    if (t && t.offset + t.length > fileSize)
      throw new LecternError(
        path,
        `is truncated: its ${tag.trim()} table ends at byte ${t.offset + t.length}, the file has ${fileSize}`,
        { hint: HINT },
      );
  }
}

/** The document's texts whose characters the slide fonts must have. */
function documentTexts(doc: Document): string[] {
  const texts = [doc.meta.title, doc.meta.subtitle, doc.meta.series];
  for (const p of doc.parts) {
    texts.push(p.title, p.subtitle);
    if (p.speaker) texts.push(p.speaker.name + p.speaker.post);
    for (const para of p.paragraphs) texts.push(para.lead + para.text);
  }
  return texts;
}

/** Which BMP code units the current `documentCharacters` call has met (one call a document) */
const characterStamps = new CodeUnitStamps();

/**
 * Every distinct character of the document's text (not spaces), in the order of first occurrence. The
 * text's code units are read by number and each character made as a string once: iterating the text
 * made a string of every character (~20,000 a document for the sample) and looked each up in the set.
 */
export function documentCharacters(doc: Document): Set<string> {
  const metStamp = characterStamps.next();
  const metStamps = characterStamps.met;
  const chars = new Set<string>();
  for (const s of documentTexts(doc)) {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdfff) {
        // a surrogate pair is one character, a lone surrogate another (as the string's iterator)
        if (s.codePointAt(i)! > 0xffff) chars.add(s.slice(i, ++i + 1));
        else chars.add(s[i]!);
      } else if (metStamps[c] !== metStamp) {
        metStamps[c] = metStamp;
        chars.add(String.fromCharCode(c));
      }
    }
  }
  // spaces out once per distinct character, not per character of the text (the others keep their order)
  for (const ch of chars) if (/\s/u.test(ch)) chars.delete(ch);
  return chars;
}

/**
 * A warning when `font` lacks glyphs for a share of the text's characters (over 2 %, or any Han
 * character when it has none at all): the deck would show them in whatever font the viewer has.
 */
export function coverageWarning(
  doc: Document,
  chars: Set<string>,
  tables: FontTables,
  what: string,
  fontPath: string,
): Diagnostic | undefined {
  // the cmap read directly (the font's FontTables, as fontkit's glyphForCodePoint): fontkit's own
  // lookup builds its cmap processor through restructure on a cold start
  const missing = [...chars].filter((ch) => tables.glyphId(ch.codePointAt(0)!) === 0);
  if (missing.length === 0 || missing.length <= chars.size * 0.02) return undefined;
  const name = fontPath.slice(fontPath.lastIndexOf('/') + 1);
  return {
    severity: 'warning',
    file: doc.file,
    line: 1,
    message: `the ${what} font ${name} has no glyphs for ${missing.length} of the text's ${chars.size} characters (e.g. ${missing.slice(0, 5).join(' ')}): they will show in another font — choose a font with Chinese glyphs in fonts/fonts.json`,
  };
}

/**
 * Under watch, the texts each slide font was found to have every character of (spaces aside), by
 * font file: a rebuild looks up only the characters of the texts an edit changed.
 */
const coveredTexts = registerCache(
  'fonts: document texts a slide font covers',
  new Map<string, LruMap<string, true>>(),
);
/** How many texts had their characters looked up, and how many were known covered (tests). */
export const coverageLookups = { texts: 0, kept: 0 };

/**
 * Whether `font` has a glyph for every character of the document's text but spaces: then
 * coverageWarning has nothing to say. Each covered text is kept by its font file (`fontPath`), 4,096
 * texts a font at most, least recently used out first.
 */
export function coversDocument(doc: Document, tables: FontTables, fontPath: string): boolean {
  let kept = coveredTexts.get(fontPath);
  if (!kept) coveredTexts.set(fontPath, (kept = new LruMap<string, true>(4096)));
  let covered = true;
  for (const text of documentTexts(doc)) {
    if (kept.get(text)) {
      coverageLookups.kept++;
      continue;
    }
    coverageLookups.texts++;
    let all = true;
    for (let i = 0; i < text.length; ) {
      const cp = text.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      i += ch.length;
      if (tables.glyphId(cp) === 0 && !/\s/u.test(ch)) {
        all = false;
        break;
      }
    }
    if (all) kept.set(text, true);
    else covered = false;
  }
  return covered;
}
