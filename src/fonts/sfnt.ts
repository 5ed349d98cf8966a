// The few facts about a TrueType (sfnt) file that lectern reads from its bytes directly: the table
// directory and the parts of a composite glyph. Shared by the lazy font reader, the slide font's
// subsetter and the handout's font stand-in (src/vendor/pdfkit-font.ts).

export interface TableRef {
  offset: number;
  length: number;
}

/** The table directory of a single TrueType-outline font; null for CFF fonts, collections and non-fonts. */
export function readTableDirectory(bytes: Buffer): Map<string, TableRef> | null {
  if (bytes.length < 12) return null;
  const flavor = bytes.readUInt32BE(0);
  if (flavor !== 0x00010000 && flavor !== 0x74727565 /* 'true' */) return null;
  const n = bytes.readUInt16BE(4);
  if (bytes.length < 12 + 16 * n) return null;
  const tables = new Map<string, TableRef>();
  for (let i = 0; i < n; i++) {
    const rec = 12 + 16 * i;
    tables.set(bytes.toString('latin1', rec, rec + 4), {
      offset: bytes.readUInt32BE(rec + 8),
      length: bytes.readUInt32BE(rec + 12),
    });
  }
  return tables;
}

/**
 * Where the component glyph ids of the glyph stored at bytes[start, end) are: the byte offset in
 * `bytes` of each, in order — none for a simple glyph (OpenType glyf table, composite glyph description).
 */
export function compositeIdOffsets(bytes: Uint8Array, start: number, end: number): number[] {
  if (end - start < 10 || !(bytes[start]! & 0x80)) return []; // numberOfContours ≥ 0: a simple glyph
  const offsets: number[] = [];
  let p = start + 10;
  for (;;) {
    const flags = (bytes[p]! << 8) | bytes[p + 1]!;
    offsets.push(p + 2);
    p += 4 + (flags & 0x0001 ? 4 : 2); // ARG_1_AND_2_ARE_WORDS
    if (flags & 0x0008)
      p += 2; // WE_HAVE_A_SCALE
    else if (flags & 0x0040)
      p += 4; // WE_HAVE_AN_X_AND_Y_SCALE
    else if (flags & 0x0080) p += 8; // WE_HAVE_A_TWO_BY_TWO
    if (!(flags & 0x0020) || p + 4 > end) break; // MORE_COMPONENTS
  }
  return offsets;
}

/** The component glyph ids of the glyph stored at bytes[start, end) — empty for a simple glyph. */
export function compositeParts(bytes: Buffer, start: number, end: number): number[] {
  return compositeIdOffsets(bytes, start, end).map((at) => bytes.readUInt16BE(at));
}

/** Offsets of the faces' table directories in a font collection (.ttc/.otc); null if `bytes` is not one. */
export function collectionFaceOffsets(bytes: Buffer): number[] | null {
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== 'ttcf') return null;
  const n = bytes.readUInt32BE(8);
  if (bytes.length < 12 + 4 * n) return null;
  return Array.from({ length: n }, (_, i) => bytes.readUInt32BE(12 + 4 * i));
}

/**
 * One face of a collection as a standalone sfnt file (TrueType or CFF outlines alike): its tables
 * copied after a new table directory. Tables the faces share are simply copied into each.
 */
export function collectionFace(bytes: Buffer, directoryOffset: number): Buffer {
  const flavor = bytes.readUInt32BE(directoryOffset);
  const n = bytes.readUInt16BE(directoryOffset + 4);
  const records = Array.from({ length: n }, (_, i) => {
    const rec = directoryOffset + 12 + 16 * i;
    return {
      tag: bytes.toString('latin1', rec, rec + 4),
      checksum: bytes.readUInt32BE(rec + 4),
      offset: bytes.readUInt32BE(rec + 8),
      length: bytes.readUInt32BE(rec + 12),
    };
  });
  const header = Buffer.alloc(12 + 16 * n);
  bytes.copy(header, 0, directoryOffset, directoryOffset + 12); // flavor and search fields as they were
  header.writeUInt32BE(flavor, 0);
  const parts: Buffer[] = [header];
  let offset = header.length;
  records.forEach((r, i) => {
    const rec = 12 + 16 * i;
    header.write(r.tag, rec, 4, 'latin1');
    header.writeUInt32BE(r.checksum, rec + 4);
    header.writeUInt32BE(offset, rec + 8);
    header.writeUInt32BE(r.length, rec + 12);
    const padded = (r.length + 3) & ~3;
    parts.push(bytes.subarray(r.offset, r.offset + r.length), Buffer.alloc(padded - r.length));
    offset += padded;
  });
  return Buffer.concat(parts);
}
