// The paragraph composer's rules (reference IDs K1–K4, P1, P3, J1–J3, S1, I1, W1, Q1–Q3), asserted on
// the laid-out line data, on the sample transcript and on text written to provoke each rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FontTables } from '../src/fonts/tables';
import { FontSet, loadFontConfig } from '../src/fonts';
import {
  breakTrials,
  charAtomMemo,
  composerForTests,
  layoutParagraph,
  type ParagraphStyle,
} from '../src/typeset/paragraph';
import { clearCaches } from '../src/cache';
import { glyphAdvance } from '../src/typeset';
import { fontIndexFor } from '../src/typeset/shape';
import { NOT_END, NOT_START } from '../src/cjk';
import type { ComposedLine, PlacedGlyph } from '../src/typeset/types';

const root = fileURLToPath(new URL('..', import.meta.url));
const fonts = new FontSet(loadFontConfig(root));
const SIZE = 12;
const MEASURE = 38 * SIZE;
const body: ParagraphStyle = {
  fonts: [fonts.get('body')],
  leadFonts: [fonts.get('bodyBold')],
  size: SIZE,
  indent: 2 * SIZE,
  align: 'justify',
};
const plain: ParagraphStyle = { ...body, indent: 0, align: 'left' };
const EPS = 0.01;

const glyphs = (l: ComposedLine): PlacedGlyph[] => l.runs.flatMap((r) => r.glyphs);
const firstChar = (l: ComposedLine) => Array.from(l.text)[0]!;
const lastChar = (l: ComposedLine) => Array.from(l.text).at(-1)!;

function sampleParagraphs(): string[] {
  const text = readFileSync(new URL('../content/guangan-township-forum.txt', import.meta.url), 'utf8');
  return text.split(/\r?\n/).filter((l) => Array.from(l).length > 60);
}
function fixtureParagraphs(name: string): string[] {
  const text = readFileSync(new URL(`./fixtures/handout/${name}`, import.meta.url), 'utf8');
  return text.split(/\r?\n/).filter((l) => Array.from(l).length > 30);
}

const PROVOKE = [
  // Latin words, numbers with units, nested quotes, dashes and ellipses (K3, K4, Q1, Q2, S1)
  '党政机关公文格式的依据是GB/T 9704—2012《党政机关公文格式》，成品幅面为210 mm×297 mm，全年增长11.6%，气温超过30℃，他说：“标准里说的‘居中排布’是什么意思？”我说——照标准做……不要“创新”。我们用Microsoft Word和WPS Office排版，导出PDF/A格式，价格¥1 280元。',
  // closing marks in a row and brackets next to marks (P3)
  '他说：“我们要把‘四个意识’落到实处。”（这句话很重要。）《条例》《规定》《办法》都要学，“一是学习，二是实践。”这是要求。'.repeat(
    3,
  ),
];

function allParagraphs(): string[] {
  return [
    ...sampleParagraphs(),
    ...fixtureParagraphs('lecture-headings.txt'),
    ...fixtureParagraphs('mixed-text.txt'),
    ...PROVOKE,
  ];
}

test('J1: every line but the last meets the measure exactly; I1: the first line starts 2 em in', () => {
  let checked = 0;
  for (const p of allParagraphs()) {
    const { lines } = layoutParagraph({ text: p }, body, MEASURE);
    assert.ok(Math.abs(lines[0]!.start - 2 * SIZE) < EPS, 'first-line indent is 2 em');
    assert.ok(Math.abs(glyphs(lines[0]!)[0]!.x - 2 * SIZE) < EPS);
    for (const l of lines.slice(0, -1)) {
      assert.ok(Math.abs(l.end - MEASURE) < EPS, `line "${l.text}" ends at ${l.end}, not ${MEASURE}`);
      const g = glyphs(l).at(-1)!;
      assert.ok(Math.abs(g.x + g.advance - MEASURE) < EPS, 'the last glyph ends at the right edge');
      assert.ok(Math.abs(l.start) < EPS || l === lines[0], 'continuation lines start at the left edge');
      checked++;
    }
    assert.ok(lines.at(-1)!.last && lines.at(-1)!.end <= MEASURE + EPS);
  }
  assert.ok(checked > 100, `checked ${checked} lines`);
});

test('K1/K2: no line starts with a NOT_START or ends with a NOT_END character', () => {
  for (const p of allParagraphs()) {
    const { lines } = layoutParagraph({ text: p }, body, MEASURE);
    lines.forEach((l, i) => {
      if (i > 0) assert.ok(!NOT_START.has(firstChar(l)), `line starts with ${firstChar(l)}: ${l.text}`);
      if (i < lines.length - 1) assert.ok(!NOT_END.has(lastChar(l)), `line ends with ${lastChar(l)}: ${l.text}`);
    });
  }
});

test('K1/K2 hold when the natural break falls on a forbidden spot', () => {
  // The first line holds 36 characters (38 less the indent): a greedy break would put ， 。 ” at the start
  // of line 2, or leave “ （ at the end of line 1.
  const cases = [
    `${'国'.repeat(36)}，三四五六七八九十。`,
    `${'国'.repeat(36)}。三四五六七八九十。`,
    `${'国'.repeat(35)}“四五六七八九十”。`,
    `${'国'.repeat(35)}（四五六）七八九十。`,
    `${'国'.repeat(35)}“四”，五六七八九十。`,
  ];
  for (const text of cases) {
    const { lines } = layoutParagraph({ text }, body, MEASURE);
    assert.ok(lines.length >= 2);
    for (const l of lines.slice(1)) assert.ok(!NOT_START.has(firstChar(l)), l.text);
    for (const l of lines.slice(0, -1)) assert.ok(!NOT_END.has(lastChar(l)), l.text);
  }
});

test('K2: no line ends with a hyphen-minus (「多错-->少错」 stays one arrow; pdftotext drops a line-final hyphen)', () => {
  let tried = 0;
  // the arrow at every position around the first line's end
  for (let n = 30; n <= 37; n++) {
    const { lines } = layoutParagraph({ text: `${'国'.repeat(n)}多错-->少干少错，不对。还要说清楚。` }, body, MEASURE);
    assert.ok(lines.length >= 2);
    for (const l of lines.slice(0, -1)) assert.ok(!l.text.endsWith('-'), l.text);
    assert.ok(
      lines.some((l) => l.text.includes('-->')),
      'the arrow whole on one line',
    );
    tried++;
  }
  assert.equal(tried, 8);
});

test('K3/K4: —— …… and numbers with their units are never split', () => {
  const units = [
    '——',
    '……',
    '11.6%',
    '30℃',
    'GB/T 9704—2012',
    'GB/T 15834—2011',
    '¥1 280',
    '10%～20%',
    '38～40℃',
    '96.8%',
    '2 856.7',
    'PDF/A',
  ];
  for (const shift of [0, 1, 2, 3, 5, 8, 13]) {
    const text = '国'.repeat(shift) + PROVOKE[0]! + fixtureParagraphs('mixed-text.txt').join('');
    const { lines } = layoutParagraph({ text }, body, MEASURE);
    const joined = lines.map((l) => l.text).join('\n');
    for (const u of units) {
      if (!text.includes(u)) continue;
      assert.ok(joined.includes(u), `"${u}" was split across lines (shift ${shift})`);
    }
  }
});

test('P1: a full-width mark at the end of a line takes ½ em', () => {
  let seen = 0;
  for (const p of allParagraphs()) {
    const { lines } = layoutParagraph({ text: p }, body, MEASURE);
    for (const l of lines.slice(0, -1)) {
      if (!'，。、；：？！”’）》'.includes(lastChar(l))) continue;
      const g = glyphs(l).at(-1)!;
      assert.ok(Math.abs(g.advance - SIZE / 2) < EPS, `"${l.text}" ends with a ${g.advance} pt mark`);
      seen++;
    }
  }
  assert.ok(seen > 10);
});

test('P3: two adjacent marks take 1.5 em; Q1: quotes are full width; Q2: —— and …… are 2 em; Q3: · is ½ em', () => {
  const { lines } = layoutParagraph({ text: '甲。”乙，“丙（《丁》）戊——己……庚·辛' }, plain, MEASURE);
  const g = glyphs(lines[0]!);
  const at = (ch: string, nth = 0) => g.filter((x) => x.text === ch)[nth]!;
  const x = (ch: string) => at(ch).x;
  // 。” : the stop loses its blank (½ em + 1 em)
  assert.ok(Math.abs(x('乙') - x('甲') - SIZE * 2.5) < EPS, '甲。”乙 = 1 + 1.5 em');
  // ，“ : comma's blank goes, the quote keeps its own
  assert.ok(Math.abs(x('丙') - x('乙') - SIZE * 2.5) < EPS, '乙，“丙 = 1 + 1.5 em');
  // （《 : the blank between the two opening marks goes
  assert.ok(Math.abs(x('丁') - x('丙') - SIZE * 2.5) < EPS, '丙（《丁 = 1 + 1.5 em');
  assert.ok(Math.abs(x('戊') - x('丁') - SIZE * 2.5) < EPS, '丁》）戊 = 1 + 1.5 em');
  assert.ok(Math.abs(x('己') - x('戊') - SIZE * 3) < EPS, '戊——己: the dash is 2 em');
  assert.ok(Math.abs(x('庚') - x('己') - SIZE * 3) < EPS, '己……庚: the ellipsis is 2 em');
  assert.ok(Math.abs(x('辛') - x('庚') - SIZE * 1.5) < EPS, '庚·辛: the interpunct takes ½ em');
  // a quote between Han characters keeps its full em
  const q = layoutParagraph({ text: '他说“好”吗' }, plain, MEASURE).lines[0]!;
  const qg = glyphs(q);
  assert.ok(Math.abs(qg[3]!.x - qg[2]!.x - SIZE) < EPS && Math.abs(qg[4]!.x - qg[3]!.x - SIZE) < EPS);
});

test('S1: ¼ em between Han and Latin or digits, none next to punctuation', () => {
  const { lines } = layoutParagraph({ text: '使用Word排版，共3类。' }, plain, MEASURE);
  const g = glyphs(lines[0]!);
  const byText = (t: string) => g.find((x) => x.text === t)!;
  const W = byText('W');
  const d = byText('d');
  const pai = byText('排');
  assert.ok(Math.abs(W.x - (byText('用').x + SIZE + SIZE / 4)) < EPS, 'Han→Latin gap ¼ em');
  assert.ok(Math.abs(pai.x - (d.x + d.advance)) < EPS, 'the gap is in the Latin glyph advance');
  const three = byText('3');
  assert.ok(Math.abs(three.x - (byText('共').x + SIZE + SIZE / 4)) < EPS);
  assert.ok(Math.abs(byText('类').x - (three.x + three.advance)) < EPS);
  assert.ok(Math.abs(pai.x + pai.advance - byText('版').x) < EPS);
  // d's advance reaches to 排, so the gap after the word is ¼ em
  const dNatural = (fonts.get('body').font.glyphForCodePoint('d'.codePointAt(0)!).advanceWidth / 1000) * SIZE;
  assert.ok(Math.abs(d.advance - dNatural - SIZE / 4) < EPS);
});

test('J3: a line is compressed or stretched, never both; compression comes first', () => {
  for (const p of allParagraphs()) {
    const { lines } = layoutParagraph({ text: p }, body, MEASURE);
    for (const l of lines.slice(0, -1)) {
      const g = glyphs(l);
      let stretched = false;
      let compressed = false;
      for (let i = 0; i + 1 < g.length; i++) {
        const ch = g[i]!.text;
        const next = g[i + 1]!.text;
        if (/[\u4e00-\u9fff]/.test(ch) && /[\u4e00-\u9fff]/.test(next) && g[i]!.advance > SIZE + EPS) stretched = true;
        if ('，、；：。？！'.includes(ch) && /[\u4e00-\u9fff]/.test(next) && g[i]!.advance < SIZE - EPS)
          compressed = true;
      }
      assert.ok(!(stretched && compressed), `line both stretched and compressed: ${l.text}`);
    }
  }
});

test('W1: no last line holds a single Han character', () => {
  // 2 × 38 − 2 (indent) + 1 characters: the natural last line would be one character long.
  for (const extra of ['', '。', '国。']) {
    const text = '国'.repeat(36 + 38 + 1 - extra.length) + extra + (extra ? '' : '。');
    const { lines } = layoutParagraph({ text }, body, MEASURE);
    const last = lines.at(-1)!;
    const han = Array.from(last.text).filter((c) => /[\u4e00-\u9fff]/.test(c)).length;
    assert.ok(han >= 2, `last line "${last.text}"`);
    for (const l of lines.slice(0, -1)) assert.ok(Math.abs(l.end - MEASURE) < EPS);
  }
  for (const p of allParagraphs()) {
    const last = layoutParagraph({ text: p }, body, MEASURE).lines.at(-1)!;
    const han = Array.from(last.text).filter((c) => /[\u4e00-\u9fff]/.test(c)).length;
    assert.ok(han !== 1 || /[A-Za-z0-9]/.test(last.text), `last line "${last.text}"`);
  }
});

test('a bold lead is set in the bold font, the rest in the body font', () => {
  const { lines } = layoutParagraph({ text: '规划先行。规划就是执行力。', lead: 5 }, body, MEASURE);
  const runs = lines[0]!.runs;
  assert.equal(runs[0]!.font, fonts.get('bodyBold').path);
  assert.equal(runs[0]!.glyphs.map((g) => g.text).join(''), '规划先行。');
  assert.equal(runs[1]!.font, fonts.get('body').path);
});

test('a character no font has is reported with its offset, not dropped', () => {
  const { lines, missing } = layoutParagraph({ text: '甲乙\u{10FFFD}丙' }, plain, MEASURE);
  assert.deepEqual(missing, [{ char: '\u{10FFFD}', offset: 2 }]);
  assert.equal(glyphs(lines[0]!).length, 4);
});

test('layoutParagraph is pure: the same input gives equal output', () => {
  const p = sampleParagraphs()[3]!;
  assert.deepEqual(layoutParagraph({ text: p }, body, MEASURE), layoutParagraph({ text: p }, body, MEASURE));
});

test('a Latin run longer than the line (a URL) is split after its separators instead of overflowing', () => {
  const text = '请访问https://www.example.com/a/very/long/path/that/never/ends/and/keeps/going/index.html获取文件。';
  const { lines } = layoutParagraph({ text }, body, MEASURE);
  assert.ok(lines.length >= 2);
  for (const l of lines) assert.ok(l.end <= MEASURE + EPS, `overflow: ${l.text}`);
  for (const l of lines.slice(0, -1)) assert.ok(Math.abs(l.end - MEASURE) < EPS);
  assert.equal(lines.map((l) => l.text).join(''), text);
  // a normal-length run is never split
  const short = layoutParagraph({ text: `${'国'.repeat(30)}https://example.com/x` }, body, MEASURE).lines;
  assert.ok(short.some((l) => l.text.includes('https://example.com/x')));
});

test('characters the first font lacks come from the next font of the chain', () => {
  const real = fonts.get('body');
  // A stand-in first font that has no Han characters; the body font is its fallback.
  const font = new Proxy(real.font, {
    get(target, prop, receiver) {
      if (prop === 'hasGlyphForCodePoint') return (cp: number) => cp < 0x2000;
      if (prop === 'glyphForCodePoint') return (cp: number) => target.glyphForCodePoint(cp < 0x2000 ? cp : 0);
      // No cmap table: the shaper's direct cmap reads fall back to the (overridden) fontkit API.
      if (prop === 'directory') {
        const { cmap: _, ...tables } = (target as unknown as { directory: { tables: object } }).directory.tables as {
          cmap: unknown;
        };
        return { tables };
      }
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  // the typesetter reads the font's tables: a reader of the proxy's (no cmap: its lookups ask the proxy)
  const latinOnly = {
    ...real,
    path: `${real.path}#latin-only`,
    key: `${real.key}#latin-only`,
    font,
    tables: FontTables.of(font),
  };
  const { lines, missing } = layoutParagraph({ text: '用Word排版' }, { ...plain, fonts: [latinOnly, real] }, MEASURE);
  assert.deepEqual(missing, []);
  const runs = lines[0]!.runs;
  assert.deepEqual(
    runs.map((r) => [r.font, r.glyphs.map((g) => g.text).join('')]),
    [
      [real.path, '用'],
      [latinOnly.path, 'Word'],
      [real.path, '排版'],
    ],
  );
});

test('P3 by house style: quanjiao pairs 1.5 em, kaiming and banjiao pairs 1 em; banjiao singles ½ em', () => {
  const text = '甲。”乙，“丙（《丁》）戊”，己）、庚';
  const expect: Record<string, { pair: number; single: number }> = {
    quanjiao: { pair: 1.5, single: 1 },
    kaiming: { pair: 1, single: 1 },
    banjiao: { pair: 1, single: 0.5 },
  };
  for (const [punctuation, w] of Object.entries(expect)) {
    const style = { ...plain, punctuation } as ParagraphStyle;
    const g = glyphs(layoutParagraph({ text }, style, MEASURE).lines[0]!);
    const x = (ch: string) => g.find((k) => k.text === ch)!.x;
    for (const [a, b] of [
      ['甲', '乙'],
      ['乙', '丙'],
      ['丙', '丁'],
      ['丁', '戊'],
      ['戊', '己'],
      ['己', '庚'],
    ] as const)
      assert.ok(Math.abs(x(b) - x(a) - SIZE * (1 + w.pair)) < EPS, `${punctuation}: ${a}…${b} pair ${w.pair} em`);
    const single = glyphs(layoutParagraph({ text: '他说，好。' }, style, MEASURE).lines[0]!);
    assert.ok(Math.abs(single[3]!.x - single[2]!.x - SIZE * w.single) < EPS, `${punctuation}: single mark`);
  }
});

test('P3: a pair keeps its width on compressed and stretched lines alike (nothing stretches or shrinks inside it)', () => {
  for (const punctuation of ['quanjiao', 'kaiming', 'banjiao'] as const) {
    const allowed = punctuation === 'quanjiao' ? 1.5 : 1;
    for (const p of allParagraphs()) {
      const { lines } = layoutParagraph({ text: p }, { ...body, punctuation }, MEASURE);
      for (const l of lines) {
        const g = glyphs(l);
        for (let i = 0; i + 2 < g.length; i++) {
          const [a, b, c] = [g[i]!, g[i + 1]!, g[i + 2]!];
          if (!isMark(a.text) || !isMark(b.text) || !/[\u4e00-\u9fff]/.test(c.text)) continue;
          // the pair's width: from its first mark to the next character, less that junction's stretch
          const han = g.findIndex(
            (k, j) => j > 0 && /[\u4e00-\u9fff]/.test(k.text) && /[\u4e00-\u9fff]/.test(g[j - 1]!.text),
          );
          const stretch = han > 0 ? g[han]!.x - g[han - 1]!.x - SIZE : 0;
          const width = c.x - a.x - Math.max(0, stretch);
          assert.ok(
            width <= allowed * SIZE + EPS,
            `${punctuation}: ${a.text}${b.text} is ${(width / SIZE).toFixed(3)} em in ${l.text}`,
          );
          assert.ok(
            width >= allowed * SIZE - EPS,
            `${punctuation}: ${a.text}${b.text} squeezed to ${(width / SIZE).toFixed(3)} em`,
          );
        }
      }
    }
  }
});

const isMark = (ch: string) => '，。、；：？！“”‘’（）《》'.includes(ch);

test('P2: a paragraph-opening bracket starts at the same x on every line, compressed or not', () => {
  const items = [
    '（一）从历史维度看，我们党历来重视农业农村工作，始终把解决好“三农”问题作为全党工作的重中之重，这是历史经验。',
    '（二）从现实维度看，我国发展不平衡不充分问题在乡村最为突出，城乡差距依然较大，农业基础还不稳固，农村发展还很滞后。',
    '（三）从未来维度看，“三农”工作，“短板”在农村、“弱项”在农业，（关键）在农民，《意见》《规划》都说：“要抓紧抓实。”这是要求。',
    '（四）组织振兴是保障。',
    // every real paragraph as a numbered item: some first lines need their brackets compressed
    ...allParagraphs().map((p, i) => `（${'一二三四五六七八九十'[i % 10]}）${p}`),
  ];
  for (const punctuation of ['quanjiao', 'kaiming', 'banjiao'] as const) {
    const xs = items.map(
      (t) => glyphs(layoutParagraph({ text: t }, { ...body, punctuation }, MEASURE).lines[0]!)[0]!.x,
    );
    for (const x of xs) assert.ok(Math.abs(x - xs[0]!) < EPS, `${punctuation}: first glyphs at ${xs.join(', ')}`);
    // full width after the 2 em indent; banjiao sets every mark at ½ em, this one too
    const expected = punctuation === 'banjiao' ? 1.5 * SIZE : 2 * SIZE;
    assert.ok(Math.abs(xs[0]! - expected) < EPS, `${punctuation}: the bracket's pen at ${xs[0]}`);
  }
});

test('J2: the slack of a justified line is spread evenly over all its junctions, not only around digits and Latin', () => {
  const p =
    '全年共引进项目42个，其中超过10亿元的项目8个，全市实现地区生产总值1 280亿元，同比增长11.6%，高于全省平均水平。'.repeat(
      4,
    );
  const { lines } = layoutParagraph({ text: p }, body, MEASURE);
  let checked = 0;
  for (const l of lines.slice(0, -1)) {
    const g = glyphs(l);
    const hanGaps: number[] = [];
    for (let i = 0; i + 1 < g.length; i++)
      if (/[\u4e00-\u9fff]/.test(g[i]!.text) && /[\u4e00-\u9fff]/.test(g[i + 1]!.text))
        hanGaps.push(g[i + 1]!.x - g[i]!.x - SIZE);
    const stretch = Math.max(...hanGaps);
    if (stretch < 0.05) continue;
    checked++;
    for (const s of hanGaps) assert.ok(Math.abs(s - stretch) < EPS, 'every Han junction gets the same stretch');
    // a Han–digit gap is ¼ em plus the same stretch, never more
    for (let i = 0; i + 1 < g.length; i++) {
      if (/[\u4e00-\u9fff]/.test(g[i]!.text) && /[0-9]/.test(g[i + 1]!.text)) {
        const gap = g[i + 1]!.x - g[i]!.x - SIZE;
        assert.ok(gap <= SIZE / 4 + stretch + EPS, `gap before a number ${gap.toFixed(2)} pt in ${l.text}`);
      }
    }
  }
  assert.ok(checked > 0, 'some line was stretched');
});

test('W1: a number with its unit and mark is never alone on the last line', () => {
  // The measure is chosen so that a greedy breaker would leave 「11.6%。」 alone.
  for (let chars = 20; chars <= 40; chars++) {
    const text = '全市实现地区生产总值一千二百八十亿元，同比增长11.6%。';
    const { lines } = layoutParagraph({ text }, body, chars * SIZE);
    const last = lines.at(-1)!;
    if (lines.length > 1) assert.ok(!/^[0-9.%]+。?$/.test(last.text), `${chars}: last line "${last.text}"`);
  }
});

/** Where a line's last glyph box ends: its x plus the font's advance, as a PDF viewer boxes it. */
function boxEnd(l: ComposedLine): number {
  const run = l.runs.at(-1)!;
  const g = run.glyphs.at(-1)!;
  const font = [fonts.get('body'), fonts.get('bodyBold')].find((f) => f.path === run.font)!;
  return g.x + glyphAdvance(font, g.id) * run.size;
}

test('W3: an exit line meets the measure or leaves at least 3 em after its last cell (never just short)', () => {
  const W3: ParagraphStyle = { ...body, exitGap: 3 * SIZE };
  // 36 + k characters + 。: the natural exit line is k + 1 cells of 38, 1 or 2 cells short.
  for (const [punctuation, k] of [
    ['quanjiao', 36],
    ['quanjiao', 35],
    ['banjiao', 35],
  ] as const) {
    const text = `${'国'.repeat(36 + k)}。`;
    const style = { ...W3, punctuation };
    const plainExit = layoutParagraph({ text }, { ...style, exitGap: 0 }, MEASURE).lines.at(-1)!;
    const plainGap = MEASURE - boxEnd(plainExit);
    assert.ok(
      plainGap > 0.5 && plainGap < 3 * SIZE,
      `${punctuation} ${k}: without W3 the exit is just short (${plainGap} pt)`,
    );
    const { lines } = layoutParagraph({ text }, style, MEASURE);
    const exit = lines.at(-1)!;
    const gap = MEASURE - boxEnd(exit);
    assert.ok(Math.abs(exit.end - MEASURE) < EPS || gap >= 3 * SIZE - EPS, `${punctuation} ${k}: exit ${gap} pt short`);
    for (const l of lines.slice(0, -1)) assert.ok(Math.abs(l.end - MEASURE) < EPS, 'J1 still holds');
  }
  // The real paragraphs: no exit line in the band, and the rule changed some of them.
  let changed = 0;
  for (const p of allParagraphs()) {
    const exit = layoutParagraph({ text: p }, W3, MEASURE).lines.at(-1)!;
    const gap = MEASURE - boxEnd(exit);
    assert.ok(Math.abs(exit.end - MEASURE) < EPS || gap >= 3 * SIZE - EPS, `exit "${exit.text}" ${gap} pt short`);
    if (layoutParagraph({ text: p }, body, MEASURE).lines.at(-1)!.end !== exit.end) changed++;
  }
  assert.ok(changed > 0, 'some real paragraph had a nearly full exit line');
});

test('one-character atoms come from a memo: the same lines as with an empty memo, missing characters still reported', () => {
  const paragraphs = allParagraphs();
  const cold = paragraphs.map((p, i) => {
    clearCaches(); // every paragraph with an empty memo
    return layoutParagraph({ text: p, lead: i % 3 === 0 ? 4 : 0 }, body, MEASURE);
  });
  clearCaches();
  const before = { ...charAtomMemo };
  const warm = paragraphs.map((p, i) => layoutParagraph({ text: p, lead: i % 3 === 0 ? 4 : 0 }, body, MEASURE));
  const hits = charAtomMemo.hits - before.hits;
  const misses = charAtomMemo.misses - before.misses;
  assert.ok(hits > 3 * misses, `${hits} hits, ${misses} misses`);
  // most atoms (Han characters: never changed by the composer) are one shared object per character;
  // marks, whose blanks the composer cuts, are made anew each time (else the warm lines would differ)
  const shared = charAtomMemo.shared - before.shared;
  assert.ok(shared > (hits + misses) / 2 && shared < hits + misses, `${shared} of ${hits + misses} atoms shared`);
  assert.deepEqual(warm, cold);
  // a character no font has is not memoised away: every paragraph that holds it reports it
  for (let k = 0; k < 2; k++) {
    const { missing } = layoutParagraph({ text: '私用区\uE000字符' }, body, MEASURE);
    assert.deepEqual(missing, [{ char: '\uE000', offset: 3 }]);
  }
});

test("a character's first use reads an unshaped BMP character's glyph directly: the glyphs shaping gives, for every character of the sample and corpus", () => {
  const corpus = new URL('./corpus/texts/', import.meta.url);
  const texts = [
    readFileSync(new URL('../content/guangan-township-forum.txt', import.meta.url), 'utf8'),
    ...readdirSync(corpus).map((f) => readFileSync(new URL(f, corpus), 'utf8')),
    ...allParagraphs(),
  ];
  const chars = new Set(texts.flatMap((t) => Array.from(t)));
  clearCaches();
  const before = charAtomMemo.unshaped;
  let compared = 0;
  for (const font of [fonts.get('body'), fonts.get('bodyBold')]) {
    for (const ch of chars) {
      if (fontIndexFor([font], ch.codePointAt(0)!) < 0) continue;
      for (const latin of [false, true]) {
        for (const size of [SIZE, 10.5]) {
          assert.deepEqual(
            composerForTests.charGlyphs(font, ch, latin, size),
            composerForTests.scaledGlyphs(font, ch, latin, size),
            `${ch} U+${ch.codePointAt(0)!.toString(16)}`,
          );
          compared++;
        }
      }
    }
  }
  const direct = charAtomMemo.unshaped - before;
  assert.ok(direct > compared / 2 && direct < compared, `${direct} of ${compared} read directly`);
  // and layout takes the path on a character's first use
  clearCaches();
  const used = charAtomMemo.unshaped;
  layoutParagraph({ text: sampleParagraphs()[0]! }, body, MEASURE);
  assert.ok(charAtomMemo.unshaped > used);
});

test('the breaker stops at the first open line start too far back to fill its line: later starts only make shorter lines', () => {
  const rated = () => ({ ...breakTrials });
  const before = rated();
  for (const p of allParagraphs()) layoutParagraph({ text: p }, body, MEASURE);
  const tried = breakTrials.tried - before.tried;
  const leftOpen = breakTrials.leftOpen - before.leftOpen;
  // most open starts at a break are far back (a line a few characters long): not rated at all
  assert.ok(leftOpen > tried, `${tried} start–break pairs rated, ${leftOpen} left open untried`);
  // With a negative indent a later start can make a longer first line: every open start is rated.
  const hanging = rated();
  for (const p of sampleParagraphs().slice(0, 5)) layoutParagraph({ text: p }, { ...body, indent: -SIZE }, MEASURE);
  assert.equal(breakTrials.leftOpen, hanging.leftOpen);
  assert.ok(breakTrials.tried > hanging.tried);
});

test('the breaker retires the earliest open starts by moving where the open ones begin, not by moving them', () => {
  // Array.prototype.copyWithin (the compaction of the open starts) is V8's generic builtin: ~8,000
  // instructions a call at the baseline tier, ~800 calls for the sample's handout before
  let calls = 0;
  const copyWithin = Array.prototype.copyWithin;
  Array.prototype.copyWithin = function (this: unknown[], ...args: [number, number, number?]) {
    calls++;
    return copyWithin.apply(this, args);
  };
  let lines = 0;
  try {
    for (const p of allParagraphs()) lines += layoutParagraph({ text: p }, body, MEASURE).lines.length;
  } finally {
    Array.prototype.copyWithin = copyWithin;
  }
  assert.ok(lines > 100 && calls * 10 < lines, `${calls} compactions for ${lines} lines`);
});

test('junctions are parallel arrays, field by field: S1 glue, J2 no stretch beside a connector, K1/K2 no break', () => {
  // atoms: 年 增 长 11% ， 甲 ～ 乙
  const js = composerForTests.junctions({ text: '年增长11%，甲～乙' }, plain);
  assert.ok(js.glue instanceof Float64Array && js.breakable instanceof Uint8Array);
  assert.equal(js.glue.length, 7);
  assert.deepEqual([...js.glue], [0, 0, SIZE / 4, 0, 0, 0, 0]);
  assert.deepEqual([...js.shrink], [0, 0, SIZE / 8, 0, 0, 0, 0]);
  assert.deepEqual([...js.shrinkTier], [0, 0, 6, 0, 0, 0, 0]);
  assert.deepEqual([...js.interChar], [1, 1, 1, 1, 1, 0, 0]);
  // no break before ， nor before ～ (K1)
  assert.deepEqual([...js.breakable], [1, 1, 1, 0, 1, 0, 1]);
});

test("a placed line is pen positions in one reused array and the atoms' own glyphs: no object per placed glyph", () => {
  const text = '他说：“标准里说的居中排布是什么意思？”';
  const first = composerForTests.firstLine({ text }, plain, MEASURE);
  const { xs, glyphs, count } = first;
  assert.ok(xs instanceof Float64Array);
  const again = composerForTests.firstLine({ text: '我们用排版软件导出格式。' }, plain, MEASURE);
  assert.equal(again.xs, xs, 'the next line reuses the array');
  // the glyphs are the shaped glyphs the atoms hold (memoised): the same objects each time
  const same = composerForTests.firstLine({ text }, plain, MEASURE);
  assert.equal(same.glyphs[0], glyphs[0]);
  // and the line's runs are made from them as before: x, and the advance to the next glyph
  const [line] = layoutParagraph({ text }, plain, MEASURE).lines;
  const placed = line!.runs.flatMap((r) => r.glyphs);
  assert.equal(placed.length, same.count);
  placed.forEach((g, k) => {
    assert.equal(g.x, same.xs[k]);
    assert.equal(g.advance, (k + 1 < same.count ? same.xs[k + 1]! : same.end) - same.xs[k]!);
  });
  assert.ok(count > 0);
});

test('itemize makes no string for a character it finds in the memo (by code point): only for runs and first uses', () => {
  const paragraphs = sampleParagraphs();
  for (const p of paragraphs) layoutParagraph({ text: p }, body, MEASURE); // the memo warm
  const fromCodePoint = String.fromCodePoint;
  let made = 0;
  String.fromCodePoint = (...codes: number[]) => {
    made++;
    return fromCodePoint(...codes);
  };
  const before = { ...charAtomMemo };
  const again = (() => {
    try {
      return paragraphs.map((p) => layoutParagraph({ text: p }, body, MEASURE));
    } finally {
      String.fromCodePoint = fromCodePoint;
    }
  })();
  const atoms = charAtomMemo.hits - before.hits + charAtomMemo.misses - before.misses;
  assert.ok(atoms > 1000 && made < atoms / 10, `${made} strings made for ${atoms} one-character atoms`);
  clearCaches();
  assert.deepEqual(
    again,
    paragraphs.map((p) => layoutParagraph({ text: p }, body, MEASURE)),
  );
});
