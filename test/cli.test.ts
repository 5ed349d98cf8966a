// End to end through the real `lectern` bin: the sample builds into the three outputs, the PDF holds
// every character with every font embedded, bad input fails clearly without touching out/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lectern, root, sample, tempDir } from './helpers';
import type { DocumentJson } from '../src/model';

const fixtures = join(root, 'test', 'fixtures', 'e2e');

function pdfText(pdf: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
}

// One build of the sample shared by the tests below.
const out = tempDir();
const built = lectern(['build', sample, '--out', out]);
const docOut = join(out, 'guangan-township-forum');

test('build writes slides.md, slides.html and handout.pdf for the sample', () => {
  assert.equal(built.status, 0, built.stderr);
  assert.match(built.stdout, /built .*guangan-township-forum\.txt/);
  const md = readFileSync(join(docOut, 'slides.md'), 'utf8');
  assert.match(md, /^---\n[\s\S]*?marp: true[\s\S]*?\n---\n/);
  assert.match(md, /lang: zh-CN/);
  assert.match(readFileSync(join(docOut, 'slides.html'), 'utf8'), /<html[^>]*lang="zh-CN"/);
  assert.equal(readFileSync(join(docOut, 'handout.pdf')).subarray(0, 5).toString(), '%PDF-');
  assert.deepEqual(
    readdirSync(docOut).filter((f) => f.endsWith('.tmp')),
    [],
  );
});

test('every handout font is embedded and subset, and the text holds every character of the transcript', () => {
  const pdf = join(docOut, 'handout.pdf');
  const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter((l) => l.trim());
  assert.ok(fonts.length >= 2, 'at least body and heading fonts');
  for (const line of fonts) {
    const cols = line.trim().split(/\s+/);
    // name type encoding emb sub uni object ID — read the yes/no columns from the right
    const [emb, sub, uni] = cols.slice(-5, -2);
    assert.deepEqual([emb, sub, uni], ['yes', 'yes', 'yes'], line);
    assert.match(cols[0]!, /^[A-Z]{6}\+/, `subset tag on ${cols[0]}`);
  }
  const text = new Set(pdfText(pdf).replace(/\s/g, ''));
  const missing = [...new Set(readFileSync(sample, 'utf8').replace(/\s/g, ''))].filter((c) => !text.has(c));
  assert.deepEqual(missing, []);
});

test('check --json prints the document model: 2 hosts, 5 guests, 5 talks with their speakers', () => {
  const r = lectern(['check', sample, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as DocumentJson;
  assert.equal(doc.title, '广安适应新时代新发展 提升乡镇党政正职履职能力');
  assert.deepEqual(doc.hosts, ['卢琴', '刘毓然']);
  assert.deepEqual(doc.guests, ['沈振宇', '吴志高', '朱军华', '杨旭', '刘政']);
  const talks = doc.parts.filter((p) => p.kind === 'talk');
  assert.deepEqual(
    talks.map((t) => t.speaker?.name),
    ['沈振宇', '吴志高', '朱军华', '杨旭', '刘政'],
  );
  assert.equal(talks[4]!.speaker?.post, '华蓥市禄市镇党委副书记、镇长');
  for (const key of ['title', 'subtitle', 'series', 'hosts', 'guests', 'parts'] as const) assert.ok(key in doc, key);
  for (const p of doc.parts)
    for (const key of ['kind', 'title', 'subtitle', 'speaker', 'level', 'paragraphs']) assert.ok(key in p, key);
});

test('a GB18030 copy with CRLF line ends reads as the same document', () => {
  const a = lectern(['check', sample, '--json']);
  const b = lectern(['check', join(fixtures, 'guangan-gb18030.txt'), '--json']);
  assert.equal(b.status, 0, b.stderr);
  assert.deepEqual(JSON.parse(b.stdout), JSON.parse(a.stdout));
});

test('two builds of the same input give identical bytes', () => {
  const again = tempDir();
  const r = lectern(['build', sample, '--out', again]);
  assert.equal(r.status, 0, r.stderr);
  for (const f of ['slides.md', 'slides.html', 'handout.pdf']) {
    assert.ok(readFileSync(join(again, 'guangan-township-forum', f)).equals(readFileSync(join(docOut, f))), f);
  }
});

test('an unchanged transcript is skipped; --force rebuilds', () => {
  const r = lectern(['build', sample, '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /unchanged/);
  const forced = lectern(['build', sample, '--out', out, '--force']);
  assert.match(forced.stdout, /built/);
});

for (const [fixture, pattern] of [
  ['empty.txt', /talk\.txt: the file is empty/i],
  ['binary.txt', /talk\.txt: .*(binary|not a text)/i],
] as const) {
  test(`${fixture}: a clear one-line error, non-zero exit, and out/ keeps its earlier files`, () => {
    const dir = tempDir();
    const outDir = tempDir();
    const file = join(dir, 'talk.txt');
    copyFileSync(sample, file);
    assert.equal(lectern(['build', file, '--out', outDir]).status, 0);
    const before = statSync(join(outDir, 'talk', 'handout.pdf')).mtimeMs;
    const pdfBefore = readFileSync(join(outDir, 'talk', 'handout.pdf'));
    copyFileSync(join(fixtures, fixture), file);
    const r = lectern(['build', file, '--out', outDir]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /\bat .*\.(js|ts):\d+/, 'no stack trace');
    assert.ok(readFileSync(join(outDir, 'talk', 'handout.pdf')).equals(pdfBefore));
    assert.equal(statSync(join(outDir, 'talk', 'handout.pdf')).mtimeMs, before);
    assert.deepEqual(
      readdirSync(join(outDir, 'talk')).filter((f) => f.endsWith('.tmp')),
      [],
    );
  });
}

test('Markdown, HTML and template syntax in a transcript stay literal text in both outputs', () => {
  const outDir = tempDir();
  const r = lectern(['build', join(fixtures, 'markup.txt'), '--out', outDir]);
  assert.equal(r.status, 0, r.stderr);
  const html = readFileSync(join(outDir, 'markup', 'slides.html'), 'utf8');
  assert.ok(!html.includes('<script>alert(1)</script>'), 'no live script from the transcript');
  assert.ok(!/<b>粗体<\/b>/.test(html), 'no live HTML from the transcript');
  assert.ok(!/<a href="http:\/\/example.com"/.test(html), 'no link from the transcript');
  const text = pdfText(join(outDir, 'markup', 'handout.pdf')).replace(/\s/g, '');
  for (const s of [
    '<script>alert(1)</script>',
    '1.这一行不是列表',
    '*也不是强调*',
    '|也不是表格|',
    '{{也不是模板}}',
    '-->',
    '**星号**',
    '[链接](http://example.com)',
    '<b>粗体</b>',
  ]) {
    assert.ok(text.includes(s.replace(/\s/g, '')), `handout keeps ${s}`);
  }
});

test('--help and --version', () => {
  const h = lectern(['--help']);
  assert.equal(h.status, 0);
  for (const cmd of ['build', 'check', 'import']) assert.match(h.stdout, new RegExp(`lectern ${cmd}`));
  const v = lectern(['--version']);
  assert.equal(v.stdout.trim(), JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
});

test('an unknown command or a missing file is a user error, not a crash', () => {
  const r = lectern(['check', '/no/such.txt']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /\/no\/such\.txt/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  const u = lectern(['frobnicate']);
  assert.notEqual(u.status, 0);
});

test("a project folder uses lectern's templates and fonts, and its own templates/ override them", () => {
  const proj = tempDir();
  writeFileSync(join(proj, 'talk.txt'), readFileSync(sample));
  const r = lectern(['build', 'talk.txt'], { cwd: proj });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(proj, 'out', 'talk', 'handout.pdf')));
  assert.doesNotMatch(readFileSync(join(proj, 'out', 'talk', 'slides.md'), 'utf8'), /自定义结尾/);
  mkdirSync(join(proj, 'templates'));
  const own = readFileSync(join(root, 'templates', 'slides.md.hbs'), 'utf8');
  writeFileSync(join(proj, 'templates', 'slides.md.hbs'), `${own}\n\n---\n\n# 自定义结尾\n`);
  const again = lectern(['build', 'talk.txt'], { cwd: proj });
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /built/, 'a template change is a change');
  assert.match(readFileSync(join(proj, 'out', 'talk', 'slides.md'), 'utf8'), /自定义结尾/);
});

test("SOURCE_DATE_EPOCH sets the handout's creation date; without it the date is fixed, never the clock", () => {
  const info = (env: NodeJS.ProcessEnv) => {
    const outDir = tempDir();
    const r = lectern(['build', sample, '--out', outDir], { env });
    assert.equal(r.status, 0, r.stderr);
    return execFileSync('pdfinfo', ['-isodates', join(outDir, 'guangan-township-forum', 'handout.pdf')], {
      encoding: 'utf8',
    });
  };
  assert.match(info({ SOURCE_DATE_EPOCH: '1700000000' }), /CreationDate:\s+2023-11-14T22:13:20/);
  assert.match(info({ SOURCE_DATE_EPOCH: '' }), /CreationDate:\s+2000-01-01T00:00:00/);
});
