// slides.pdf dated like every other output: marp-cli stamps the PDF it prints with the clock
// (CreationDate/ModDate, set through pdf-lib after Chromium prints), so the same deck gave different
// bytes at every build. The dates are set again here with the pdf-lib that marp-cli ships (the same
// module it used to write them; loaded from its lib/ folder, where its file name carries a hash).
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { expectShape } from './patch';

interface PdfLib {
  PDFDocument: {
    load(
      bytes: Uint8Array,
      opts: { updateMetadata: boolean },
    ): Promise<{
      setCreationDate(d: Date): void;
      setModificationDate(d: Date): void;
      save(opts: { useObjectStreams: boolean }): Promise<Uint8Array>;
    }>;
  };
}

let pdfLib: PdfLib | undefined;

function loadPdfLib(): PdfLib {
  if (pdfLib) return pdfLib;
  const require = createRequire(import.meta.url);
  const lib = join(dirname(require.resolve('@marp-team/marp-cli/package.json')), 'lib');
  const file = readdirSync(lib).find((f) => /^pdf-lib\b.*\.js$/.test(f));
  expectShape(file, '@marp-team/marp-cli', 'pdf-dates', `no pdf-lib chunk in ${lib}`);
  pdfLib = require(join(lib, file)) as PdfLib;
  return pdfLib;
}

/** The PDF with CreationDate and ModDate set to `date`: the same deck and date give the same bytes. */
export async function reproduciblePdf(pdf: Buffer, date: Date): Promise<Buffer> {
  const { PDFDocument } = loadPdfLib();
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  return Buffer.from(await doc.save({ useObjectStreams: true }));
}
