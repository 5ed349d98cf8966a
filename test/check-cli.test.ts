// `lectern check` and `lectern import` through the real bin: the JSON is the recognised document,
// exit codes 0 / 1 (--strict with warnings) / 2 (errors), import never overwrites without --force.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lectern, root, sample, tempDir } from './helpers';
import { readDocument } from '../src/source/index';
import { documentToJson } from '../src/model';

const fixtures = join(root, 'test', 'fixtures', 'source');
const transcripts = [
  sample,
  ...readdirSync(fixtures)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => join(fixtures, f)),
];

test('check --json prints, for every shape, the document the source stage recognises', () => {
  for (const file of transcripts) {
    const r = lectern(['check', file, '--json']);
    assert.equal(r.status, 0, `${file}: ${r.stderr}`);
    assert.deepEqual(JSON.parse(r.stdout), documentToJson(readDocument(file)), file);
  }
  const sampleJson = JSON.parse(lectern(['check', sample, '--json']).stdout);
  assert.deepEqual(
    sampleJson.parts
      .filter((p: { kind: string }) => p.kind === 'talk')
      .map((p: { speaker: { name: string } }) => p.speaker.name),
    ['沈振宇', '吴志高', '朱军华', '杨旭', '刘政'],
  );
});

test('check: readable outline; exit 0 clean, 1 with warnings under --strict, 2 on errors', () => {
  const clean = lectern(['check', sample]);
  assert.equal(clean.status, 0, clean.stderr);
  assert.match(clean.stdout, /outline \(6 parts: 5 talks, 0 sections\)/);
  assert.match(clean.stdout, /guangan-township-forum\.txt:19: space inside Han text removed/);
  assert.equal(lectern(['check', sample, '--strict']).status, 0);
  // a page that ends on two photo captions it cannot place (学校升旗仪式页面)
  const page = join(root, 'test', 'corpus', 'texts', '28-school-flag-ceremony-page.txt');
  assert.equal(lectern(['check', page]).status, 0);
  const strict = lectern(['check', page, '--strict']);
  assert.equal(strict.status, 1);
  assert.match(strict.stdout, /28-school-flag-ceremony-page\.txt:12: warning:/);
  const dir = tempDir();
  const bad = join(dir, 'x.md');
  writeFileSync(bad, '---\ntitle: a\nhosts: [张三\n---\n正文\n');
  const err = lectern(['check', bad]);
  assert.equal(err.status, 2);
  assert.match(err.stderr, /x\.md:4: front matter: /);
  assert.equal(err.stderr.trim().split('\n').length, 1);
});

test('import writes the .md beside the transcript; it builds the same document; no overwrite without --force', () => {
  const dir = tempDir();
  const txt = join(dir, 'forum.txt');
  copyFileSync(sample, txt);
  const r = lectern(['import', txt]);
  assert.equal(r.status, 0, r.stderr);
  const md = join(dir, 'forum.md');
  assert.deepEqual(
    JSON.parse(lectern(['check', md, '--json']).stdout),
    JSON.parse(lectern(['check', txt, '--json']).stdout),
  );
  const before = readFileSync(md, 'utf8');
  const again = lectern(['import', txt]);
  assert.notEqual(again.status, 0);
  assert.match(again.stderr, /forum\.md.*already exists.*--force/);
  assert.equal(readFileSync(md, 'utf8'), before);
  assert.equal(lectern(['import', txt, '--force']).status, 0);
});
