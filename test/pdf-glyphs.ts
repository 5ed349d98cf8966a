// A small reader for the handout PDF's text, glyph by glyph, independent of the engine's data: qpdf
// decodes the streams; each page's text operators (Tf, Tm, Tc, Tj — what src/pdf writes) are replayed
// with the fonts' /W widths and ToUnicode maps. For tests that measure the PDF itself.
import { execFileSync } from 'node:child_process';

export interface PdfGlyph {
  x: number;
  /** Baseline in PDF user space (from the bottom) */
  y: number;
  size: number;
  text: string;
}

type Obj = Record<string, unknown>;

/** Every object of a PDF as qpdf's JSON gives it, streams decoded: `get` follows a reference, `data` reads a stream. */
export function qpdfObjects(pdf: string) {
  const json = JSON.parse(
    execFileSync(
      'qpdf',
      ['--json', '--json-key=qpdf', '--json-stream-data=inline', '--decode-level=generalized', pdf],
      {
        maxBuffer: 1 << 29,
      },
    ).toString(),
  );
  const objects = json.qpdf[1] as Record<string, { value?: unknown; stream?: { dict: Obj; data?: string } }>;
  const entry = (ref: unknown) => (typeof ref === 'string' ? objects[`obj:${ref}`] : undefined);
  const get = (ref: unknown): Obj => ((entry(ref)?.value ?? entry(ref)?.stream?.dict ?? ref) as Obj) ?? {};
  const data = (ref: unknown) => Buffer.from(entry(ref)?.stream?.data ?? '', 'base64').toString('latin1');
  return { objects, get, data };
}

export function pdfGlyphs(pdf: string): PdfGlyph[][] {
  const { objects, get, data } = qpdfObjects(pdf);

  const fonts = new Map<string, { widths: Map<number, number>; uni: Map<number, string> }>();
  const fontOf = (ref: string) => {
    let f = fonts.get(ref);
    if (f) return f;
    const type0 = get(ref);
    const cid = get((type0['/DescendantFonts'] as unknown[])[0]);
    const widths = new Map<number, number>();
    const w = cid['/W'] as unknown[];
    for (let i = 0; i < w.length; ) {
      const first = w[i] as number;
      const next = w[i + 1];
      if (Array.isArray(next)) {
        for (const [k, v] of next.entries()) widths.set(first + k, v as number);
        i += 2;
      } else {
        for (let c = first; c <= (next as number); c++) widths.set(c, w[i + 2] as number);
        i += 3;
      }
    }
    const uni = new Map<number, string>();
    for (const m of data(type0['/ToUnicode']).matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/gi)) {
      const start = Number.parseInt(m[1]!, 16);
      [...m[3]!.matchAll(/<([0-9a-f ]*)>/gi)].forEach((u, k) => {
        const units = u[1]!.trim()
          ? u[1]!
              .trim()
              .split(/\s+/)
              .map((h) => Number.parseInt(h, 16))
          : [];
        uni.set(start + k, String.fromCharCode(...units));
      });
    }
    f = { widths, uni };
    fonts.set(ref, f);
    return f;
  };

  const pagesRoot = get(get(get(objects.trailer!.value as Obj)['/Root'])['/Pages']);
  const pageRefs: string[] = [];
  const collect = (node: Obj) => {
    for (const k of node['/Kids'] as string[]) {
      const kid = get(k);
      if (kid['/Type'] === '/Pages') collect(kid);
      else pageRefs.push(k);
    }
  };
  collect(pagesRoot);

  return pageRefs.map((ref) => {
    const page = get(ref);
    const fontDict = get(get(page['/Resources'])['/Font']);
    const contents = page['/Contents'];
    const stream = (Array.isArray(contents) ? contents : [contents]).map(data).join('\n');
    const out: PdfGlyph[] = [];
    let font: ReturnType<typeof fontOf> | null = null;
    let size = 0;
    let tc = 0;
    let x = 0;
    let y = 0;
    const operands: string[] = [];
    for (const tok of stream.match(/<[0-9a-fA-F]*>|\/[^\s/<>[\]()]+|[^\s<>[\]()/]+/g) ?? []) {
      if (tok === 'Tf') {
        font = fontOf(fontDict[operands.at(-2)!] as string);
        size = Number(operands.at(-1));
      } else if (tok === 'Tc') tc = Number(operands.at(-1));
      else if (tok === 'Tm') {
        x = Number(operands.at(-2));
        y = Number(operands.at(-1));
      } else if (tok === 'Tj' && font) {
        const hex = operands.at(-1)!.slice(1, -1);
        for (let i = 0; i + 4 <= hex.length; i += 4) {
          const cid = Number.parseInt(hex.slice(i, i + 4), 16);
          out.push({ x, y, size, text: font.uni.get(cid) ?? '' });
          x += ((font.widths.get(cid) ?? 0) / 1000) * size + tc;
        }
      }
      if (/^[A-Za-z'"*]+$/.test(tok) && !tok.startsWith('/')) operands.length = 0;
      else operands.push(tok);
    }
    return out;
  });
}
