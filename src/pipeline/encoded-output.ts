// The slide outputs cross from the slide worker to the main thread as UTF-8 bytes with their SHA-256,
// both made on the worker: the main thread writes the bytes as they are and records the hashes in the
// fingerprint. Before, it hashed and encoded slides.html (~0.4 MB) and slides.md itself, after a copy
// of each string had crossed — work on the thread that sets the handouts, while in a batch the slide
// worker waits for documents part of the time.
// In a cold build of one transcript the worker sends no hashes (`hash` false): the main thread, which
// has node:crypto loaded anyway, hashes the bytes as it records them, and the worker — now the longer
// of the two lanes — never loads node:crypto (~2–3 ms of its start).
import type { Hash } from 'node:crypto';
import { rebuildsExpected, registerSlot } from '../cache';

export interface EncodedOutput {
  bytes: Uint8Array;
  /** SHA-256 of `bytes`, hex; absent when the sender left it to the receiver */
  sha256?: string;
  /** How many of its parts were not encoded again (`encodeOutputParts`) */
  reused?: number;
}

/** A new SHA-256 state; node:crypto is loaded by the first */
const newSha256 = (): Hash => process.getBuiltinModule('node:crypto').createHash('sha256');

export const sha256 = (data: string | Uint8Array): string => newSha256().update(data).digest('hex');

/**
 * `text` as UTF-8 in a buffer of its own (not Buffer's shared pool), so that it can be transferred;
 * with its hash unless `hash` is false.
 */
export function encodeOutput(text: string, hash = true): EncodedOutput {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  bytes.write(text, 'utf8');
  return hash ? { bytes, sha256: sha256(bytes) } : { bytes };
}

/** The text of encoded bytes (for whoever reads a slide output as a string: the pipeline writes the bytes) */
export function decodeOutput(o: EncodedOutput): string {
  return Buffer.from(o.bytes.buffer, o.bytes.byteOffset, o.bytes.byteLength).toString('utf8');
}

/**
 * What `encodeOutputParts` keeps for the next rebuild: each part's text and bytes, and the hash state
 * after each part.
 */
export interface PartsMemo {
  value: { texts: Part[]; bytes: Uint8Array[]; hashAfter: Hash[] } | undefined;
}

/** A part of a text: a string, or pieces written one after another (never joined into one string) */
type Part = string | readonly string[];

/** A memo for `encodeOutputParts`, registered (cleared with the other caches). */
export function partsMemo(name: string): PartsMemo {
  return registerSlot(name);
}

/**
 * `encodeOutput(parts.flat().join(''))`. The parts whose indices are in `ascii` must be ASCII (the caller
 * knows it by how it made them: base64, ASCII CSS): their characters are their bytes, copied into the
 * output as Latin-1 instead of going through V8's UTF-8 encoder (~1 ms for slides.html's 0.3 MB of
 * @font-face rules). With `memo`, only the parts that changed since the last call are encoded and
 * hashed again: a part equal (`===`) to the one at its place last time reuses its bytes, and the run
 * of unchanged parts from the first its hash state (SHA-256 goes on from there). All of slides.html
 * but its slides (stylesheets, fonts, script: ~90 % of the file) stays the same while an edit changes
 * the slides. Kept only while the process will build again (watch). A part given as pieces (the
 * fonts' rules) is compared as a whole, by identity, and written piece by piece.
 */
export function encodeOutputParts(
  parts: readonly Part[],
  memo: PartsMemo,
  ascii: readonly number[] = [],
  hashed = true,
): EncodedOutput {
  if (parts.length === 0) return encodeOutput('', hashed);
  const last = memo.value;
  let reused = 0;
  // each part's bytes, or undefined for an ASCII part written into the output in place
  const bytes = parts.map((text, i): Uint8Array | undefined => {
    if (last && last.texts[i] === text) {
      reused++;
      return last.bytes[i]!;
    }
    if (ascii.includes(i)) return undefined;
    return Buffer.from(typeof text === 'string' ? text : text.join(''), 'utf8');
  });
  // the hash state after the longest run of unchanged parts from the first
  let same = 0;
  while (last && same < parts.length && last.texts[same] === parts[same] && last.hashAfter[same]) same++;
  const keep = rebuildsExpected();
  // a memo kept for the next rebuild holds the hash states, so it hashes whatever was asked
  const hash = keep || hashed ? (same > 0 ? last!.hashAfter[same - 1]!.copy() : newSha256()) : undefined;
  const hashAfter = keep && last ? last.hashAfter.slice(0, same) : [];
  const out = Buffer.allocUnsafeSlow(bytes.reduce((n, b, i) => n + (b ? b.byteLength : partLength(parts[i]!)), 0));
  let at = 0;
  for (const [i, b] of bytes.entries()) {
    const start = at;
    if (b) {
      out.set(b, at);
      at += b.byteLength;
    } else at = writeLatin1(out, parts[i]!, at); // ASCII: one byte a character
    if (i < same || !hash) continue;
    const written = out.subarray(start, at);
    hash.update(written);
    if (!keep) continue;
    hashAfter.push(hash.copy());
    bytes[i] ??= Buffer.from(written); // kept: a copy (the output's buffer is moved to the main thread)
  }
  memo.value = keep ? { texts: [...parts], bytes: bytes as Uint8Array[], hashAfter } : undefined;
  return hash ? { bytes: out, sha256: hash.digest('hex'), reused } : { bytes: out, reused };
}

/** A part's length in characters (an ASCII part's in bytes). */
function partLength(part: Part): number {
  if (typeof part === 'string') return part.length;
  let n = 0;
  for (const piece of part) n += piece.length;
  return n;
}

/** Writes an ASCII part at `at` of `out` as Latin-1, piece by piece; returns where it ends. */
function writeLatin1(out: Buffer, part: Part, at: number): number {
  if (typeof part === 'string') return at + out.write(part, at, 'latin1');
  for (const piece of part) at += out.write(piece, at, 'latin1');
  return at;
}
