// Reproducible zip (OOXML) files: every entry dated the build's date (the DOS date fields, which have
// no time zone and start in 1980) and deflated by Node's zlib, in the order the writer produced them.
// pptxgenjs (through JSZip) dates entries with the clock; this rewrites its output.
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

interface Entry {
  name: Buffer;
  data: Buffer;
}

/** Reads the entries of a zip file (stored or deflated) through its central directory. */
export function readZip(zip: Buffer): { name: string; data: Buffer }[] {
  return readEntries(zip).map((e) => ({ name: e.name.toString('utf8'), data: e.data }));
}

function readEntries(zip: Buffer): Entry[] {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file: no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('zip central directory is damaged');
    const method = zip.readUInt16LE(p + 10);
    const csize = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen);
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(dataAt, dataAt + csize);
    if (method !== 0 && method !== 8) throw new Error(`zip entry ${name.toString()} uses method ${method}`);
    entries.push({ name, data: method === 8 ? inflateRawSync(raw) : Buffer.from(raw) });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** DOS date and time (local fields, here UTC) of `d`, clamped to the format's 1980–2107. */
function dosDateTime(d: Date): { date: number; time: number } {
  const year = Math.min(Math.max(d.getUTCFullYear(), 1980), 2107);
  const clamped = year !== d.getUTCFullYear();
  const month = clamped ? 1 : d.getUTCMonth() + 1;
  const day = clamped ? 1 : d.getUTCDate();
  const [h, m, s] = clamped ? [0, 0, 0] : [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
  return { date: ((year - 1980) << 9) | (month << 5) | day, time: (h << 11) | (m << 5) | (s >> 1) };
}

/** A zip of `entries` (in this order), each deflated and dated `date`. */
export function writeZip(entries: { name: string; data: Buffer }[], date: Date): Buffer {
  const { date: dosDate, time: dosTime } = dosDateTime(date);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const packed = deflateRawSync(e.data, { level: 6 });
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: deflate
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by: MS-DOS, zip 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * An OOXML package (pptx, docx, xlsx) made reproducible: entries dated `date`, and the document
 * properties' dcterms:created/modified set to it too.
 */
export function reproducibleOoxml(zip: Buffer, date: Date): Buffer {
  const iso = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const entries = readZip(zip).map((e) =>
    e.name === 'docProps/core.xml'
      ? {
          name: e.name,
          data: Buffer.from(
            e.data.toString('utf8').replace(/(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g, `$1${iso}$3`),
            'utf8',
          ),
        }
      : e,
  );
  return writeZip(entries, date);
}
