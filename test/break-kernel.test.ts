// The line breaker's WebAssembly rating loop and line placing (src/typeset/break-kernel.ts) against
// their JavaScript (totalFitBreaks and placeLine in src/typeset/paragraph.ts): the same lines, to the
// last bit of every position, and the same start–break pairs rated, for every paragraph of the sample
// and the corpus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FontSet, loadFontConfig } from '../src/fonts';
import {
  BREAK_CONSTANTS,
  breakKernelUse,
  breakTrials,
  kernelPlaced,
  layoutParagraph,
  type ParagraphStyle,
} from '../src/typeset/paragraph';
import { KERNEL_ATOMS, KERNEL_WASM } from '../src/typeset/break-kernel';
import { kernelModule } from '../src/typeset/break-kernel-wasm';

const root = fileURLToPath(new URL('..', import.meta.url));
const fonts = new FontSet(loadFontConfig(root));
const SIZE = 12;
const body: ParagraphStyle = {
  fonts: [fonts.get('body')],
  leadFonts: [fonts.get('bodyBold')],
  size: SIZE,
  indent: 2 * SIZE,
  align: 'justify',
  exitGap: 3 * SIZE, // W3, as the handout's body style
};
const WIDE = 38 * SIZE;
const NARROW = 9.5 * SIZE;
/** [style, measure]: the handout's body, its punctuation styles, ragged-right, a hanging indent (every open start rated: no early stop), narrow columns */
const SETTINGS: [ParagraphStyle, number][] = [
  [body, WIDE],
  [body, 21 * SIZE],
  [body, NARROW],
  [{ ...body, punctuation: 'kaiming' }, WIDE],
  [{ ...body, indent: 0, align: 'left' }, 21 * SIZE],
  [{ ...body, indent: -SIZE }, WIDE],
];

function paragraphs(): string[] {
  const files = [
    `${root}content/guangan-township-forum.txt`,
    ...readdirSync(`${root}test/corpus/texts`)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => `${root}test/corpus/texts/${f}`),
  ];
  return files.flatMap((f) =>
    readFileSync(f, 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.trim().length > 0),
  );
}

/** The layout (every number as written: JSON keeps a double's every bit) and the pairs it rated. */
function lay(text: string, style: ParagraphStyle, measure: number, kernel: boolean): string {
  breakKernelUse.enabled = kernel;
  try {
    const before = { ...breakTrials };
    const layout = JSON.stringify(layoutParagraph({ text }, style, measure));
    return `${layout} ${breakTrials.tried - before.tried} ${breakTrials.leftOpen - before.leftOpen}`;
  } finally {
    breakKernelUse.enabled = true;
  }
}

test('the WebAssembly rating loop breaks every paragraph of the sample and the corpus as the JavaScript loop does', () => {
  const texts = paragraphs();
  assert.ok(texts.length > 300, `${texts.length} paragraphs`);
  const used = breakKernelUse.paragraphs;
  const placed = kernelPlaced.lines;
  let compared = 0;
  for (const [style, measure] of SETTINGS)
    for (const text of texts) {
      const withKernel = lay(text, style, measure, true);
      const without = lay(text, style, measure, false);
      if (withKernel !== without)
        assert.fail(`${style.align} ${style.indent} ${measure}: ${text.slice(0, 40)}…\n${withKernel}\n${without}`);
      compared++;
    }
  // every paragraph went through the kernel once (the comparison's own layouts do not), and the kernel
  // placed its lines (placeLine's justification and pen positions: the JavaScript's to the last bit)
  assert.equal(breakKernelUse.paragraphs - used, compared);
  assert.ok(kernelPlaced.lines - placed >= compared, `${kernelPlaced.lines - placed} lines placed by the kernel`);
});

test('a paragraph longer than the kernel holds is broken by the JavaScript loop', () => {
  const long = '我们要把工作做实做细，'.repeat(Math.ceil((KERNEL_ATOMS + 10) / 11));
  const used = breakKernelUse.paragraphs;
  const a = lay(long, body, WIDE, true);
  assert.equal(breakKernelUse.paragraphs, used);
  assert.equal(a, lay(long, body, WIDE, false));
  // one atom less than the limit still goes through the kernel
  const fits = long.slice(0, KERNEL_ATOMS);
  assert.equal(lay(fits, body, WIDE, true), lay(fits, body, WIDE, false));
  assert.equal(breakKernelUse.paragraphs, used + 1);
});

test("the kernel's module is the one its encoder writes with the line breaker's constants", () => {
  const written = Buffer.from(kernelModule(BREAK_CONSTANTS)).toString('base64');
  assert.equal(KERNEL_WASM, written, `break-kernel.ts's KERNEL_WASM should be:\n${written}`);
});
