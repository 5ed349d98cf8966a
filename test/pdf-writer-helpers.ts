// What the PDF writer's memo tests share: a text typeset as the handout stage does it, and written by
// writePdf alone — so that a test can hand the writer the typesetter's pages changed by hand.
import type { FontSet } from '../src/fonts';
import { handoutFonts, handoutTemplateData } from '../src/handout/stage';
import { parseHandoutMarkdown } from '../src/handout/parse';
import { writePdf } from '../src/pdf/write';
import type { Settings } from '../src/settings';
import { settingsForDocument } from '../src/settings';
import { documentFromBytes } from '../src/source';
import { renderTemplate } from '../src/templates';
import { typesetHandout } from '../src/typeset/document';
import { pageGeometry } from '../src/typeset/geometry';
import type { TypesetDocument } from '../src/typeset/types';
import { root } from './helpers';

export function typesetText(text: string, base: Settings, fonts: FontSet): TypesetDocument {
  const doc = documentFromBytes(Buffer.from(text), 'talk.txt');
  const settings = settingsForDocument(base, doc, text);
  const md = renderTemplate('handout.md.hbs', handoutTemplateData(doc, settings), root);
  return typesetHandout(parseHandoutMarkdown(md), {
    geometry: pageGeometry(settings.handout.paper, settings.handout.bodySize),
    fonts: handoutFonts(fonts).chains,
    documentTitle: doc.meta.title,
  });
}

export function writeTypeset(t: TypesetDocument, base: Settings, fonts: FontSet): Promise<Buffer> {
  const meta = { title: 't', subject: 's', author: 'a', keywords: 'k', date: base.creationDate };
  return writePdf(t, handoutFonts(fonts).byPath, meta);
}
