// The build stage's own mechanics: which files a path means, atomic writes, settings, escaping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectTranscripts } from '../src/pipeline';
import { commitOutputs } from '../src/pipeline/write';
import { creationDateFrom, FIXED_DATE, loadSettings } from '../src/settings';
import { escapeMarkdown, escapeNote } from '../src/templates';
import { root, tempDir } from './helpers';
import type { LecternError } from '../src/errors';
import MarkdownIt from 'markdown-it';

test('a folder means its .txt and .md transcripts, sorted; x.md wins over x.txt; README is not a transcript', () => {
  const dir = tempDir();
  for (const f of ['b.txt', 'a.txt', 'a.md', 'README.md', 'notes.pdf', '.hidden.txt'])
    writeFileSync(join(dir, f), '标题\n');
  assert.deepEqual(collectTranscripts([dir]), [join(dir, 'a.md'), join(dir, 'b.txt')]);
});

test('a missing path is a clear error naming it', () => {
  assert.throws(
    () => collectTranscripts(['/no/such/place']),
    (e: LecternError) => /^\/no\/such\/place: no such file/.test(e.format()),
  );
});

test('commitOutputs writes all files, the fingerprint last, removes outputs not made, leaves no temporary files', () => {
  const dir = join(tempDir(), 'x');
  mkdirSync(dir);
  writeFileSync(join(dir, 'slides.pdf'), 'stale');
  commitOutputs(
    dir,
    [
      { path: join(dir, 'a.txt'), data: 'A' },
      { path: join(dir, 'b.bin'), data: new Uint8Array([1, 2, 3]) },
    ],
    '.fp',
    'FP',
    ['slides.pdf', 'a.txt'],
  );
  assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'A');
  assert.deepEqual([...readFileSync(join(dir, 'b.bin'))], [1, 2, 3]);
  assert.equal(readFileSync(join(dir, '.fp'), 'utf8'), 'FP');
  assert.deepEqual(readdirSync(dir).sort(), ['.fp', 'a.txt', 'b.bin']);
});

test('a failed write keeps the previous files and removes its temporary files', () => {
  const dir = tempDir();
  const out = join(dir, 'out');
  mkdirSync(out);
  writeFileSync(join(out, 'a.txt'), 'old');
  mkdirSync(join(out, 'blocker'));
  // Writing to a path inside a regular file fails after a.txt's temp file was written.
  writeFileSync(join(out, 'file'), '');
  assert.throws(() =>
    commitOutputs(
      out,
      [
        { path: join(out, 'a.txt'), data: 'new' },
        { path: join(out, 'file', 'b.txt'), data: 'x' },
      ],
      '.fp',
      'FP',
      [],
    ),
  );
  assert.equal(readFileSync(join(out, 'a.txt'), 'utf8'), 'old');
  assert.deepEqual(readdirSync(out).sort(), ['a.txt', 'blocker', 'file']);
});

test('creation date: SOURCE_DATE_EPOCH, then configuration, then a fixed date — never the clock', () => {
  assert.equal(creationDateFrom({ SOURCE_DATE_EPOCH: '1700000000' }).toISOString(), '2023-11-14T22:13:20.000Z');
  assert.equal(creationDateFrom({}, '2024-07-03').toISOString(), '2024-07-03T00:00:00.000Z');
  assert.equal(creationDateFrom({}).getTime(), FIXED_DATE.getTime());
});

test('settings: lectern.json and flags; an unknown paper size is an error naming its source', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'lectern.json'), JSON.stringify({ handout: { paper: 'b5', date: '2024年7月' } }));
  const s = loadSettings(dir, {}, {});
  assert.equal(s.handout.paper, 'ISO-B5');
  assert.equal(s.handout.date, '2024年7月');
  assert.equal(loadSettings(dir, { paper: 'A5' }, {}).handout.paper, 'A5');
  assert.throws(
    () => loadSettings(dir, { paper: 'Letter' }, {}),
    (e: LecternError) => /^--paper: is "Letter" — use one of A4, A5, ISO-B5/.test(e.format()),
  );
});

test('escapeMarkdown keeps Markdown and HTML in transcript text literal', () => {
  const md = new MarkdownIt({ html: true });
  for (const s of [
    '# 不是标题',
    '1. 不是列表',
    '<script>alert(1)</script>',
    '注释 --> 结束',
    '*强调* 与 |表格|',
    '{{模板}}',
    '- 列表',
    '> 引用',
    '`代码`',
    '[链接](x)',
    'a\\b',
    '&amp;',
  ]) {
    const html = md.renderInline(escapeMarkdown(s));
    const text = html
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    assert.equal(text, s, `round trip of ${s}`);
    assert.ok(!/<(script|em|strong|code|a)\b/.test(html), `no markup from ${s}: ${html}`);
  }
});

test('escapeNote never lets a note end its HTML comment', () => {
  for (const s of ['a --> b', 'a -- b', '<!-- x', 'x--->']) {
    const e = escapeNote(s);
    assert.ok(!e.includes('--'), e);
    assert.ok(!e.includes('<!'), e);
    assert.equal(e.replace(/\u2060/g, ''), s);
  }
});

test('precompiled templates (dist/templates.cjs) match their sources and render as the runtime compiler does', async () => {
  const { createRequire } = await import('node:module');
  const Handlebars = (await import('handlebars')).default;
  const pre = createRequire(import.meta.url)(join(root, 'dist', 'templates.cjs')) as Record<
    string,
    { source: string; spec: unknown }
  >;
  const names = readdirSync(join(root, 'templates')).filter((f) => f.endsWith('.hbs'));
  assert.ok(names.length >= 2);
  for (const name of names) {
    const source = readFileSync(join(root, 'templates', name), 'utf8');
    assert.equal(pre[name]?.source, source, `${name} precompiled from its current source`);
    const env = Handlebars.create();
    for (const h of ['md', 'note', 'directive', 'slide']) env.registerHelper(h, (x: unknown) => String(x ?? ''));
    const data = { title: '标题', subtitle: '副标题', parts: [], slides: [], meta: { title: 't' } };
    const a = env.template(pre[name]!.spec as Parameters<typeof env.template>[0])(data);
    const b = env.compile(source, { preventIndent: true })(data);
    assert.equal(a, b, name);
  }
});
