// The slide outputs cross from the slide worker to the main thread as UTF-8 bytes with their SHA-256,
// both made on the worker: the main thread writes the bytes as they are and records the hashes in the
// fingerprint. Before, it hashed and encoded slides.html (~0.4 MB) and slides.md itself, after a copy
// of each string had crossed — work on the thread that sets the handouts, while in a batch the slide
// worker waits for documents part of the time.
import { createHash, type Hash } from 'node:crypto';
import { rebuildsExpected, registerSlot } from '../cache';

export interface EncodedOutput {
  bytes: Uint8Array;
  /** SHA-256 of `bytes`, hex */
  sha256: string;
  /** How many of its parts were not encoded again (`encodeOutputParts`) */
  reused?: number;
}

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** `text` as UTF-8 in a buffer of its own (not Buffer's shared pool), so that it can be transferred */
export function encodeOutput(text: string): EncodedOutput {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  bytes.write(text, 'utf8');
  return { bytes, sha256: sha256(bytes) };
}

/** The text of encoded bytes (for whoever reads a slide output as a string: the pipeline writes the bytes) */
export function decodeOutput(o: EncodedOutput): string {
  return Buffer.from(o.bytes.buffer, o.bytes.byteOffset, o.bytes.byteLength).toString('utf8');
}

/**
 * What `encodeOutputParts` keeps for the next rebuild: each part's text and bytes, and the hash state
 * after the first part.
 */
export interface PartsMemo {
  value: { texts: string[]; bytes: Uint8Array[]; afterFirst: Hash } | undefined;
}

/** A memo for `encodeOutputParts`, registered (cleared with the other caches). */
export function partsMemo(name: string): PartsMemo {
  return registerSlot(name);
}

/**
 * `encodeOutput(parts.join(''))`, encoding and hashing again only the parts that changed since the
 * last call with `memo`: a part equal (`===`) to the one at its place last time reuses its bytes, and
 * an unchanged first part also its hash state (SHA-256 goes on from there). slides.html's head (its
 * stylesheets and fonts, ~85 % of the file) and script stay the same while an edit changes its
 * slides. Kept only while the process will build again (watch).
 */
export function encodeOutputParts(parts: readonly string[], memo: PartsMemo): EncodedOutput {
  if (parts.length === 0) return encodeOutput('');
  const last = memo.value;
  let reused = 0;
  const bytes = parts.map((text, i) => {
    if (last && last.texts[i] === text) {
      reused++;
      return last.bytes[i]!;
    }
    return Buffer.from(text, 'utf8');
  });
  const afterFirst = last && last.texts[0] === parts[0] ? last.afterFirst : createHash('sha256').update(bytes[0]!);
  const hash = afterFirst.copy();
  const out = Buffer.allocUnsafeSlow(bytes.reduce((n, b) => n + b.byteLength, 0));
  let at = 0;
  for (const [i, b] of bytes.entries()) {
    out.set(b, at);
    at += b.byteLength;
    if (i > 0) hash.update(b);
  }
  memo.value = rebuildsExpected() ? { texts: [...parts], bytes, afterFirst } : undefined;
  return { bytes: out, sha256: hash.digest('hex'), reused };
}
