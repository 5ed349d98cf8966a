// The handout embeds a single TrueType font through lectern's stand-in for fontkit's font
// (src/vendor/pdfkit-font.ts, LoadedFont.embeddable), so that a cold build parses no font with fontkit:
// every field pdfkit's EmbeddedFont reads is fontkit's, and the PDF pdfkit writes with it — font file,
// descriptor, widths, ToUnicode — is byte for byte the one it writes with fontkit's font. Checked on the
// default fonts, KaTeX's hinted fonts (cvt , prep, fpgm, a short loca, Mac and Windows names) and
// DejaVu Sans (composite glyphs), where installed; where a field could differ, fontkit's font is used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Font } from 'fontkit';
import PDFDocument from 'pdfkit';
import { FONT_ROLES, loadFont, loadFontConfig, type LoadedFont } from '../src/fonts';
import { englishName, PlainTrueTypeFont } from '../src/vendor/pdfkit-font';
import { pdfInternals } from '../src/vendor/pdfkit';
import { root } from './helpers';

const config = loadFontConfig(root);
const katexDir = join(root, 'node_modules', '@marp-team', 'marp-cli', 'node_modules', 'katex', 'dist', 'fonts');
const dejavu = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const fontFiles = [
  ...new Set(FONT_ROLES.map((r) => config.roles[r])),
  ...readdirSync(katexDir)
    .filter((n) => n.endsWith('.ttf'))
    .map((n) => join(katexDir, n)),
  ...(existsSync(dejavu) ? [dejavu] : []),
];
const DATE = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));

/** Composite glyphs of a font (negative numberOfContours), up to `limit`. */
function compositeGlyphs(f: LoadedFont, limit: number): number[] {
  const font = f.font as unknown as { loca: { offsets: ArrayLike<number> }; numGlyphs: number };
  const glyf = (f.embeddable as PlainTrueTypeFont).directory.tables.glyf!.offset;
  const out: number[] = [];
  for (let gid = 0; gid < font.numGlyphs && out.length < limit; gid++) {
    const at = font.loca.offsets[gid]!;
    if (font.loca.offsets[gid + 1]! > at) {
      f.ensureGlyphs([gid]);
      if (f.bytes.readInt16BE(glyf + at) < 0) out.push(gid);
    }
  }
  return out;
}

/** A one-page PDF with `font` embedded as pdfkit embeds it, holding the glyphs `ids` (as src/pdf/write.ts adds them). */
function pdfWith(font: object, loaded: LoadedFont, ids: number[]): Promise<Buffer> {
  const pdf = new PDFDocument({
    autoFirstPage: false,
    font: null as unknown as string,
    info: { CreationDate: DATE, ModDate: DATE },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));
  pdf.registerFont('f', font as unknown as string);
  pdf.addPage({ size: [100, 100], margin: 0 });
  pdf.font('f');
  const internals = pdfInternals(pdf);
  const embedded = internals.currentFont();
  for (const id of ids) {
    const gid = embedded.subset.includeGlyph(id);
    embedded.widths[gid] ??= loaded.tables.advance(id) * 1000;
    embedded.unicode[gid] ??= [0x4e00 + (id % 0x5000)];
  }
  internals.pageFonts()[embedded.id] = embedded.ref();
  loaded.ensureGlyphs(ids);
  pdf.end();
  return done;
}

test('the stand-in is used for every single TrueType font here, with fontkit’s fields', () => {
  for (const file of fontFiles) {
    const loaded = loadFont(file);
    const plain = loaded.embeddable;
    assert.ok(plain instanceof PlainTrueTypeFont, `${file}: fontkit's font embedded`);
    const font = loaded.font as Font & Record<string, unknown>;
    const f = font as unknown as {
      head: Record<string, unknown>;
      hhea: Record<string, unknown>;
      maxp: Record<string, unknown>;
      post: { italicAngle: number; isFixedPitch: number };
      'OS/2'?: { sFamilyClass: number };
      'cvt '?: { controlValues: ArrayLike<number> };
      prep?: { controlValueProgram: ArrayLike<number> };
      fpgm?: { instructions: ArrayLike<number> };
      loca: { version: number };
      bbox: { minX: number; minY: number; maxX: number; maxY: number };
    };
    for (const key of [
      'postscriptName',
      'unitsPerEm',
      'ascent',
      'descent',
      'lineGap',
      'xHeight',
      'capHeight',
      'italicAngle',
    ])
      assert.equal(plain[key as keyof PlainTrueTypeFont], font[key], `${file}: ${key}`);
    assert.equal(loaded.familyName, font.familyName, `${file}: familyName`);
    const { minX, minY, maxX, maxY } = f.bbox;
    assert.deepEqual({ ...plain.bbox }, { minX, minY, maxX, maxY }, `${file}: bbox`);
    assert.equal(plain.post.isFixedPitch, f.post.isFixedPitch, file);
    assert.equal(plain['OS/2']?.sFamilyClass, f['OS/2']?.sFamilyClass, file);
    assert.equal(plain.getGlyph(0).advanceWidth, font.getGlyph(0).advanceWidth, file);
    for (const table of ['head', 'hhea', 'maxp'] as const) {
      const mine = plain[table] as Record<string, unknown>;
      for (const [k, v] of Object.entries(mine)) assert.deepEqual(v, f[table][k], `${file}: ${table}.${k}`);
    }
    const list = (a: ArrayLike<number> | undefined) => Array.from(a ?? []);
    assert.deepEqual(list(plain['cvt ']?.controlValues), list(f['cvt ']?.controlValues), file);
    assert.deepEqual(list(plain.prep?.controlValueProgram), list(f.prep?.controlValueProgram), file);
    assert.deepEqual(list(plain.fpgm?.instructions), list(f.fpgm?.instructions), file);
    assert.equal(plain.loca.version, f.loca.version, file);
  }
});

test('pdfkit writes the same PDF with the stand-in as with fontkit’s font (simple and composite glyphs)', async () => {
  let composites = 0;
  for (const file of fontFiles) {
    const loaded = loadFont(file);
    const n = (loaded.font as unknown as { numGlyphs: number }).numGlyphs;
    const comp = compositeGlyphs(loaded, 200);
    composites += comp.length;
    // every third glyph of a small font, a spread of a large one, and composite glyphs (their components join the subset)
    const step = n > 3000 ? 97 : 3;
    const ids = [...Array.from({ length: Math.ceil(n / step) }, (_, i) => (i * step + 1) % n), ...comp];
    const mine = await pdfWith(loaded.embeddable, loaded, ids);
    const theirs = await pdfWith(loaded.font, loaded, ids);
    assert.ok(mine.equals(theirs), `${file}: the PDFs differ`);
  }
  if (existsSync(dejavu)) assert.ok(composites >= 200, `composite glyphs tried: ${composites}`);
});

/** A name table alone: [platform, encoding, language, nameID, string bytes] records, version `version`. */
function nameTable(records: [number, number, number, number, Buffer][], version = 0) {
  const head = Buffer.alloc(6 + records.length * 12);
  head.writeUInt16BE(version, 0);
  head.writeUInt16BE(records.length, 2);
  head.writeUInt16BE(head.length, 4);
  let offset = 0;
  records.forEach(([p, e, l, id, s], i) => {
    const r = 6 + i * 12;
    for (const [k, v] of [p, e, l, id, s.length, offset].entries()) head.writeUInt16BE(v, r + k * 2);
    offset += s.length;
  });
  const bytes = Buffer.concat([head, ...records.map((r) => r[4])]);
  return { bytes, tables: { name: { offset: 0, length: bytes.length } } };
}
const utf16 = (s: string) => Buffer.from(s, 'utf16le').swap16();

test('English names as fontkit reads them, or null where fontkit could read another', () => {
  const win = (id: number, s: string) => [3, 1, 0x409, id, utf16(s)] as [number, number, number, number, Buffer];
  const mac = (id: number, s: string) =>
    [1, 0, 0, id, Buffer.from(s, 'latin1')] as [number, number, number, number, Buffer];
  const name = (records: Parameters<typeof nameTable>[0], id = 6, version = 0) => {
    const t = nameTable(records, version);
    return englishName(t.bytes, t.tables, id);
  };
  assert.equal(name([mac(6, 'Mac-Name'), win(6, 'Win-Name')]), 'Win-Name', 'the last English record');
  assert.equal(name([win(6, 'Win-Name'), mac(6, 'Mac-Name')]), 'Mac-Name');
  assert.equal(name([win(1, 'Family'), win(6, 'PS')], 1), 'Family');
  assert.equal(name([[3, 1, 0x804, 6, utf16('思源')]]), null, 'no English record: fontkit takes another language');
  assert.equal(name([win(6, 'PS')], 6, 1), null, 'version 1: language tags');
  assert.equal(name([win(6, 'PS'), [4, 0, 0, 6, Buffer.from('x')]]), null, 'a platform fontkit cannot decode');
  assert.equal(name([win(6, '\ufeffPS')]), null, 'a byte order mark (TextDecoder drops it)');
  assert.equal(name([mac(6, 'Caf\xe9')]), null, 'Mac Roman beyond ASCII');
  assert.equal(name([[3, 3, 0x409, 6, Buffer.from('PS')]]), null, 'another Windows encoding');
  assert.equal(name([win(6, '')]), null, 'empty: fontkit looks further');
});
