// Punctuation measured from the PDF itself (test/pdf-glyphs.ts), in every house style: no pair of
// adjacent marks wider than its style allows, and numbered items (（一）（二）…) start at the same x.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FontSet, loadFontConfig } from '../src/fonts';
import { loadSettings } from '../src/settings';
import { Timer } from '../src/pipeline/timer';
import { makeHandout } from '../src/handout/stage';
import { readDocument } from '../src/source';
import { pdfGlyphs } from './pdf-glyphs';

const root = fileURLToPath(new URL('..', import.meta.url));
const fonts = new FontSet(loadFontConfig(root));
const base = loadSettings(root, {}, {});
const qpdf = spawnSync('qpdf', ['--version']).error === undefined;
const MARK = /^[，。、；：？！“”‘’（）《》]$/u;
const HAN = /^[\u4e00-\u9fff]$/u;
const FILES = [
  join(root, 'content', 'guangan-township-forum.txt'),
  join(root, 'test', 'fixtures', 'handout', 'lecture-headings.txt'),
  join(root, 'test', 'fixtures', 'handout', 'mixed-text.txt'),
  join(root, 'test', 'fixtures', 'slides', 'long-forum.txt'),
];

test('from the PDF: no pair of marks wider than its style allows; numbered items start at one x', {
  skip: !qpdf && 'qpdf not installed',
}, async () => {
  for (const punctuation of ['quanjiao', 'kaiming', 'banjiao'] as const) {
    const allowed = punctuation === 'quanjiao' ? 1.5 : 1;
    const settings = { ...base, handout: { ...base.handout, punctuation } };
    let pairs = 0;
    const itemStarts = new Set<string>();
    for (const file of FILES) {
      const out = await makeHandout(readDocument(file), settings, fonts, new Timer());
      const pdf = join(mkdtempSync(join(tmpdir(), 'lectern-punct-')), 'handout.pdf');
      writeFileSync(pdf, out.pdf);
      for (const page of pdfGlyphs(pdf)) {
        const lines = new Map<number, typeof page>();
        for (const g of page) {
          const key = Math.round(g.y * 10);
          if (!lines.has(key)) lines.set(key, []);
          lines.get(key)!.push(g);
        }
        const contentsPage = [...lines.values()].some((l) => l.map((g) => g.text).join('') === '目\u3000录');
        for (const line of lines.values()) {
          if (line[0]!.size !== 12 || contentsPage) continue; // body text
          const gaps: number[] = [];
          for (let i = 0; i + 1 < line.length; i++)
            if (HAN.test(line[i]!.text) && HAN.test(line[i + 1]!.text)) gaps.push(line[i + 1]!.x - line[i]!.x - 12);
          const stretch = gaps.length ? Math.max(0, Math.min(...gaps)) : 0;
          for (let i = 0; i + 2 < line.length; i++) {
            const [a, b, c] = [line[i]!, line[i + 1]!, line[i + 2]!];
            if (!MARK.test(a.text) || !MARK.test(b.text) || !HAN.test(c.text)) continue;
            const width = (c.x - a.x - stretch) / 12;
            assert.ok(width <= allowed + 0.01, `${punctuation} ${file}: 「${a.text}${b.text}」 ${width.toFixed(3)} em`);
            pairs++;
          }
          // a numbered item: （一）… at the paragraph indent
          if (line[0]!.text === '（' && /[一二三四五六七八九十]/.test(line[1]?.text ?? '') && line[2]?.text === '）')
            itemStarts.add(`${file}:${line[0]!.x.toFixed(2)}`);
        }
      }
    }
    assert.ok(pairs > 50, `${punctuation}: ${pairs} pairs measured`);
    const xs = [...itemStarts].filter((k) => k.includes('lecture-headings'));
    assert.equal(xs.length, 1, `${punctuation}: numbered items start at ${xs.join(', ')}`);
  }
});
