// Fonts as Chinese offices have them: .ttc collections (Windows simsun.ttc/msyh.ttc; here Debian's
// Noto CJK .ttc files, CFF outlines) and CFF .otf files, for both the handout PDF and the slides' web
// font. Skipped with a message where fonts-noto-cjk is not installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';
import { chooseFace, splitFontSpec } from '../src/fonts/collection';
import { loadFont } from '../src/fonts';
import { LecternError } from '../src/errors';
import { lectern, root, tempDir } from './helpers';

const NOTO = '/usr/share/fonts/opentype/noto';
const skip = existsSync(join(NOTO, 'NotoSerifCJK-Regular.ttc'))
  ? false
  : `${NOTO}/*.ttc not found (Debian: apt-get install fonts-noto-cjk)`;
const example = join(root, 'init', 'example-forum.txt');

function faces(file: string): Font[] {
  return (fontkit.openSync(join(NOTO, file)) as unknown as { fonts: Font[] }).fonts;
}

test('a collection gives its Simplified Chinese face, judged by name languages and code pages, not by a case-sensitive name', {
  skip,
}, () => {
  for (const file of [
    'NotoSerifCJK-Regular.ttc',
    'NotoSerifCJK-Bold.ttc',
    'NotoSansCJK-Regular.ttc',
    'NotoSansCJK-Bold.ttc',
  ]) {
    const list = faces(file);
    assert.ok(list.length >= 5, `${file} is a collection`);
    const chosen = list[chooseFace(list)]!;
    assert.match(chosen.postscriptName, /CJKsc-/, `${file}: ${chosen.postscriptName}`);
    assert.match(chosen.familyName, / SC$/);
  }
  // a face named in the configuration, by any of its names, ignoring case
  const serif = faces('NotoSerifCJK-Regular.ttc');
  assert.match(serif[chooseFace(serif, 'Noto Serif CJK JP')]!.postscriptName, /CJKjp-/);
  assert.match(serif[chooseFace(serif, 'notoserifcjktc-regular')]!.postscriptName, /CJKtc-/);
  assert.equal(chooseFace(serif, 'SimSun'), -1);
  assert.deepEqual(splitFontSpec('/f/simsun.ttc#SimSun'), { file: '/f/simsun.ttc', face: 'SimSun' });
  assert.deepEqual(splitFontSpec('/f/a#b/x.ttf'), { file: '/f/a#b/x.ttf' });
});

test('a face that is not in the collection is a one-line error naming the faces there', { skip }, () => {
  assert.throws(
    () => loadFont(join(NOTO, 'NotoSansCJK-Regular.ttc#SimSun'), 'fonts/fonts.json'),
    (e: unknown) =>
      e instanceof LecternError && /has no face named "SimSun"/.test(e.message) && /Noto Sans CJK SC/.test(e.hint),
  );
  const named = loadFont(join(NOTO, 'NotoSansCJK-Regular.ttc#Noto Sans CJK TC'));
  assert.equal(named.face?.name, 'Noto Sans CJK TC');
  // the face copied out of the collection is a font of its own (CFF outlines: 'OTTO')
  const own = fontkit.create(named.sfnt()) as Font;
  assert.equal(named.sfnt().toString('latin1', 0, 4), 'OTTO');
  assert.equal(own.postscriptName, named.font.postscriptName);
  assert.equal(own.numGlyphs, named.font.numGlyphs);
});

/** Builds the example with the given font roles; returns the output folder. */
function buildWith(roles: Record<string, string>, extra: (proj: string) => void = () => {}): string {
  const proj = tempDir();
  mkdirSync(join(proj, 'fonts'));
  mkdirSync(join(proj, 'content'));
  writeFileSync(join(proj, 'lectern.json'), '{}\n');
  writeFileSync(join(proj, 'content', 'forum.txt'), readFileSync(example));
  extra(proj);
  writeFileSync(join(proj, 'fonts', 'fonts.json'), JSON.stringify({ roles }));
  const r = lectern(['build', '--quiet'], { cwd: proj });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'no warnings: every character found');
  return join(proj, 'out', 'forum');
}

function pdfFonts(pdf: string): string[][] {
  return execFileSync('pdffonts', [pdf], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => l.trim().split(/\s+/));
}

/** The web fonts embedded in slides.html, parsed. */
function webFonts(html: string): Font[] {
  return [...html.matchAll(/url\(data:font\/woff2;base64,([A-Za-z0-9+/=]+)\)/g)].map(
    (m) => fontkit.create(Buffer.from(m[1]!, 'base64')) as Font,
  );
}

function assertOutputs(out: string, family: RegExp): void {
  const text = new Set(
    execFileSync('pdftotext', ['-enc', 'UTF-8', join(out, 'handout.pdf'), '-'], { encoding: 'utf8' }).replace(
      /\s/g,
      '',
    ),
  );
  const missing = [...new Set(readFileSync(example, 'utf8').replace(/\s/g, ''))].filter((c) => !text.has(c));
  assert.deepEqual(missing, [], 'the handout holds every character');
  const fonts = pdfFonts(join(out, 'handout.pdf'));
  assert.ok(fonts.length >= 2);
  for (const cols of fonts) {
    assert.match(cols[0]!, /^[A-Z]{6}\+/, 'subset');
    assert.match(cols[0]!, family);
    assert.deepEqual(cols.slice(-5, -2), ['yes', 'yes', 'yes'], cols.join(' '));
  }
  const html = readFileSync(join(out, 'slides.html'), 'utf8');
  const web = webFonts(html);
  assert.equal(web.length, 2, 'regular and bold web fonts');
  for (const f of web) {
    assert.match(f.familyName, / SC$/, 'the Simplified Chinese face');
    assert.ok(f.numGlyphs > 100 && f.numGlyphs < 3000, `a subset (${f.numGlyphs} glyphs)`);
    for (const ch of '立足新发展阶段践行党的初心使命') assert.ok(f.glyphForCodePoint(ch.codePointAt(0)!).id > 0, ch);
  }
}

test('Noto CJK .ttc collections serve the handout (CFF subsets embedded) and the slides (WOFF2 subsets)', {
  skip,
}, () => {
  const out = buildWith({
    body: join(NOTO, 'NotoSerifCJK-Regular.ttc'),
    bodyBold: join(NOTO, 'NotoSerifCJK-Bold.ttc'),
    heading: join(NOTO, 'NotoSansCJK-Bold.ttc'),
    sans: join(NOTO, 'NotoSansCJK-Regular.ttc'),
    slides: join(NOTO, 'NotoSansCJK-Regular.ttc'),
    slidesBold: `${join(NOTO, 'NotoSansCJK-Bold.ttc')}#Noto Sans CJK SC`,
  });
  assertOutputs(out, /CJKsc-/);
  for (const cols of pdfFonts(join(out, 'handout.pdf')))
    assert.equal(`${cols[1]} ${cols[2]} ${cols[3]}`, 'CID Type 0C');
});

test('a CFF-outline .otf (Source Han / Adobe style) serves both outputs', { skip }, () => {
  const out = buildWith(
    {
      body: 'SerifSC-Regular.otf',
      bodyBold: 'SerifSC-Bold.otf',
      heading: 'SansSC-Bold.otf',
      sans: 'SansSC-Regular.otf',
      slides: 'SansSC-Regular.otf',
      slidesBold: 'SansSC-Bold.otf',
    },
    (proj) => {
      // standalone .otf files: the SC faces copied out of the collections
      for (const [name, file] of [
        ['SerifSC-Regular', 'NotoSerifCJK-Regular.ttc'],
        ['SerifSC-Bold', 'NotoSerifCJK-Bold.ttc'],
        ['SansSC-Regular', 'NotoSansCJK-Regular.ttc'],
        ['SansSC-Bold', 'NotoSansCJK-Bold.ttc'],
      ] as const) {
        const otf = loadFont(join(NOTO, file)).sfnt();
        assert.equal(otf.toString('latin1', 0, 4), 'OTTO');
        writeFileSync(join(proj, 'fonts', `${name}.otf`), otf);
      }
    },
  );
  assertOutputs(out, /CJKsc-/);
});
