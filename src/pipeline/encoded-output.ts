// The slide outputs cross from the slide worker to the main thread as UTF-8 bytes with their SHA-256,
// both made on the worker: the main thread writes the bytes as they are and records the hashes in the
// fingerprint. Before, it hashed and encoded slides.html (~0.4 MB) and slides.md itself, after a copy
// of each string had crossed — work on the thread that sets the handouts, while in a batch the slide
// worker waits for documents part of the time.
import { createHash } from 'node:crypto';

export interface EncodedOutput {
  bytes: Uint8Array;
  /** SHA-256 of `bytes`, hex */
  sha256: string;
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
