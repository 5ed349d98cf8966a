// Bytes → text. Strict UTF-8 first (with or without BOM), UTF-16 with a BOM, then chardet's guess
// (GB18030 family, Big5, UTF-16 without BOM); anything else is refused with a clear message.
import chardet from 'chardet';
import { CJK_SYMBOLS_BLOCK, FULL_WIDTH_FORMS_BLOCK, GENERAL_PUNCTUATION_MARKS, HAN, hanRegExp } from '../cjk';
import { LecternError } from '../errors';

const SAVE_AS_UTF8 = 'save it as UTF-8 (or GB18030) plain text';

/** Magic numbers of files people drop into content/ by mistake */
const MAGIC: { bytes: number[]; what: string }[] = [
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF file' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive (a .docx/.xlsx?)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Word/Office (.doc) file' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: 'an RTF file' },
];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

function decodeStrict(bytes: Uint8Array, encoding: string): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/** Share of control characters (other than tab, LF, CR, FF) — text has none */
function looksBinary(text: string): boolean {
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0x7f || c === 0xfffd) control++;
  }
  return control > 0 && control / Math.max(1, sample.length) > 0.001;
}

/** How much of the non-ASCII text is Han or CJK punctuation: a wrong decoding gives mojibake, not Han */
const cjkRe = hanRegExp(`[${HAN}${CJK_SYMBOLS_BLOCK}${FULL_WIDTH_FORMS_BLOCK}${GENERAL_PUNCTUATION_MARKS}]`, 'gu');
const nonAsciiRe = /[^\x00-\x7f]/gu;
function cjkShare(text: string): number {
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  const nonAscii = sample.match(nonAsciiRe)?.length ?? 0;
  const cjk = sample.match(cjkRe())?.length ?? 0;
  return nonAscii === 0 ? 1 : cjk / nonAscii;
}

/**
 * Mostly valid UTF-8 Chinese with a few bad bytes (a damaged file, or text pasted from two sources):
 * decoding it as GB18030 would give plausible-looking nonsense, so say where the first bad byte is.
 */
function damagedUtf8(bytes: Uint8Array, file: string): void {
  const lossy = new TextDecoder('utf-8').decode(bytes);
  let bad = 0;
  let first = -1;
  for (let i = 0; i < lossy.length; i++) {
    if (lossy.charCodeAt(i) !== 0xfffd) continue;
    bad++;
    if (first < 0) first = i;
  }
  if (first < 0 || bad > lossy.length * 0.01 || cjkShare(lossy.replace(/\ufffd/gu, '')) < 0.6) return;
  let line = 1;
  for (let i = 0; i < first; i++) if (lossy.charCodeAt(i) === 10) line++;
  throw new LecternError(
    file,
    `not valid UTF-8: ${bad} damaged byte sequence${bad === 1 ? '' : 's'}, the first on this line`,
    {
      line,
      hint: 'fix or retype the damaged characters, or re-save the file as UTF-8',
    },
  );
}

/** A transcript of no bytes: `lectern watch` tells it apart, as a save caught between its truncate and its write. */
export class EmptyFileError extends LecternError {
  constructor(file: string) {
    super(file, 'the file is empty', { hint: 'write the transcript into it, or remove it from content/' });
  }
}

export function decodeTranscript(bytes: Uint8Array, file: string): string {
  if (bytes.length === 0) throw new EmptyFileError(file);
  for (const m of MAGIC) {
    if (startsWith(bytes, m.bytes))
      throw new LecternError(file, `this is ${m.what}, not a text transcript`, { hint: SAVE_AS_UTF8 });
  }
  let text: string | null = null;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    text = decodeStrict(bytes, 'utf-8');
    if (text === null)
      throw new LecternError(file, 'starts with a UTF-8 byte-order mark but is not valid UTF-8', {
        hint: SAVE_AS_UTF8,
      });
  } else if (startsWith(bytes, [0xff, 0xfe])) {
    text = decodeStrict(bytes, 'utf-16le');
  } else if (startsWith(bytes, [0xfe, 0xff])) {
    text = decodeStrict(bytes, 'utf-16be');
  } else {
    const head = bytes.subarray(0, 8192);
    const hasNul = head.includes(0);
    if (!hasNul) text = decodeStrict(bytes, 'utf-8');
    if (text === null && !hasNul) damagedUtf8(bytes, file);
    if (text === null) {
      const guess = chardet.detect(bytes.length > 262144 ? bytes.subarray(0, 262144) : bytes);
      const candidates: string[] = [];
      if (guess && /^UTF-16/i.test(guess)) candidates.push(guess.toLowerCase());
      else if (hasNul && bytes.length % 2 === 0) {
        // UTF-16 without a BOM (chardet does not tell it): try both byte orders; the check below keeps
        // only a decoding that reads as Chinese text
        candidates.push('utf-16le', 'utf-16be');
      } else if (hasNul)
        throw new LecternError(file, 'this is a binary file (it contains NUL bytes), not a text transcript', {
          hint: SAVE_AS_UTF8,
        });
      if (hasNul) {
        // NUL bytes: UTF-16 or nothing
      } else if (guess && /^(GB18030|GBK|GB2312|EUC-CN|HZ)/i.test(guess)) candidates.push('gb18030');
      else if (guess && /^Big5/i.test(guess)) candidates.push('big5', 'gb18030');
      else candidates.push('gb18030', 'big5');
      for (const enc of candidates) {
        const t = decodeStrict(bytes, enc);
        // GB18030 decodes almost any byte string; accept it only if the result reads as Chinese.
        if (t !== null && cjkShare(t) >= 0.6 && !looksBinary(t)) {
          text = t;
          break;
        }
      }
      if (text === null && hasNul)
        throw new LecternError(file, 'this is a binary file (it contains NUL bytes), not a text transcript', {
          hint: SAVE_AS_UTF8,
        });
      if (text === null) {
        throw new LecternError(
          file,
          `unknown text encoding (not UTF-8, UTF-16 or GB18030${guess ? `; chardet guesses ${guess}` : ''})`,
          { hint: SAVE_AS_UTF8 },
        );
      }
    }
  }
  if (text === null) throw new LecternError(file, 'the UTF-16 text is malformed', { hint: SAVE_AS_UTF8 });
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (looksBinary(text))
    throw new LecternError(file, 'this looks like a binary file (control characters in the text), not a transcript', {
      hint: SAVE_AS_UTF8,
    });
  if (text.trim().length === 0)
    throw new LecternError(file, 'the file holds only blank lines', {
      hint: 'write the transcript into it, or remove it from content/',
    });
  return text;
}
