// The one settings schema: every hostile value from issue 13 is refused with one line naming the file,
// the key and what is allowed; unknown keys are warned about with a suggestion.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isLecternError, type LecternError } from '../src/errors';
import { loadSettings, settingsForDocument, suggestKey } from '../src/settings';
import { lectern, tempDir } from './helpers';

function projectWith(json: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'lectern.json'), json);
  return dir;
}

function refusal(fn: () => unknown): LecternError {
  try {
    fn();
  } catch (e) {
    assert.ok(isLecternError(e), `expected a LecternError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected an error');
}

test('hostile lectern.json values name the file, the key and the allowed range', () => {
  const cases: [string, RegExp, RegExp][] = [
    ['{"handout":{"bodySize":-1}}', /`handout\.bodySize` is -1/, /from 8 to 18/],
    ['{"handout":{"bodySize":1000}}', /`handout\.bodySize` is 1000/, /from 8 to 18/],
    ['{"handout":{"bodySize":0}}', /is 0/, /from 8 to 18/],
    ['{"handout":{"bodySize":"abc"}}', /is "abc"/, /from 8 to 18/],
    ['{"handout":{"paper":{"w":1}}}', /`handout\.paper` is \{"w":1\}/, /A4, A5, ISO-B5, JIS-B5/],
    ['null', /its content is null/, /one JSON object/],
    ['[1,2]', /is \[1,2\]/, /one JSON object/],
    ['{"handout": 3}', /`handout` is 3/, /object/],
    ['{"creationDate":"July 3"}', /`creationDate` is "July 3"/, /ISO date/],
    ['{"creationDate":"2024-13-45"}', /`creationDate`/, /ISO date/],
  ];
  for (const [json, what, hint] of cases) {
    const e = refusal(() => loadSettings(projectWith(json), {}, {}, () => {}));
    assert.match(e.file, /lectern\.json$/, json);
    assert.match(e.message, what, json);
    assert.match(e.hint, hint, json);
    assert.doesNotMatch(e.format(), /\n/);
  }
});

test('valid settings: ISO dates, size names, paper in any case', () => {
  const s = loadSettings(
    projectWith('{"handout":{"bodySize":"五号","paper":"a5"},"creationDate":"2024-07-03T09:30:00+08:00"}'),
    {},
    {},
    () => {},
  );
  assert.equal(s.handout.bodySize, 10.5);
  assert.equal(s.handout.paper, 'A5');
  assert.equal(s.creationDate.toISOString(), '2024-07-03T01:30:00.000Z');
});

test('unknown keys warn with a did-you-mean suggestion', () => {
  const warnings: string[] = [];
  loadSettings(projectWith('{"creatonDate":"2024-07-03","paper":"A5","handout":{"bodysize":12}}'), {}, {}, (w) =>
    warnings.push(w),
  );
  assert.equal(warnings.length, 3);
  assert.match(warnings[0]!, /unknown key `creatonDate` ignored — did you mean `creationDate`\?/);
  assert.match(warnings[1]!, /unknown key `paper` ignored — did you mean `handout\.paper`\?/);
  assert.match(warnings[2]!, /unknown key `handout\.bodysize` ignored — did you mean `handout\.bodySize`\?/);
  assert.equal(suggestKey('zzzzzz', ['paper', 'bodySize']), undefined);
});

test('SOURCE_DATE_EPOCH and command-line flags are validated too', () => {
  const dir = tempDir();
  const epoch = refusal(() => loadSettings(dir, {}, { SOURCE_DATE_EPOCH: '99999999999999' }));
  assert.equal(epoch.file, 'SOURCE_DATE_EPOCH');
  assert.match(epoch.hint, /0 to 253402300799/);
  assert.equal(refusal(() => loadSettings(dir, {}, { SOURCE_DATE_EPOCH: 'abc' })).file, 'SOURCE_DATE_EPOCH');
  const paper = refusal(() => loadSettings(dir, { paper: '' }, {}));
  assert.equal(paper.file, '--paper');
  assert.match(paper.hint, /A4, A5, ISO-B5, JIS-B5/);
  assert.equal(loadSettings(dir, {}, { SOURCE_DATE_EPOCH: '' }).creationDate.getTime(), Date.UTC(2000, 0, 1));
});

test('front matter: hostile values name the line; unknown keys warn; flags win', () => {
  const base = loadSettings(tempDir(), { paper: 'B5' }, {}, () => {});
  const source = '---\ntitle: x\nbodySize: -1\nbodysize: 3\n---\n';
  const doc = { file: 'x.md', meta: { extra: { bodySize: -1 } as Record<string, unknown>, date: '' }, warnings: [] };
  const e = refusal(() => settingsForDocument(base, doc, source));
  assert.equal(
    e.format(),
    'x.md:3: `bodySize` is -1 — use a number of points from 8 to 18 or a size name (小二 三号 小三 四号 小四 五号 小五; 小四 = 12, 五号 = 10.5) or "auto" (by the paper)',
  );
  const ok = {
    file: 'x.md',
    meta: { extra: { bodysize: 3, paper: 'A5' } as Record<string, unknown>, date: '' },
    warnings: [],
  };
  const s = settingsForDocument(base, ok, source);
  assert.equal(s.handout.paper, 'ISO-B5', 'the --paper flag (B5 = ISO-B5) wins over front matter');
  assert.equal(ok.warnings.length, 1);
  assert.deepEqual(ok.warnings[0], {
    severity: 'warning',
    file: 'x.md',
    line: 4,
    message: 'front matter: unknown key `bodysize` ignored — did you mean `bodySize`?',
  });
});

test('CLI: a bad setting exits 2 with one line, no internal error', () => {
  const dir = projectWith('{"handout":{"bodySize":1000}}');
  for (const [args, env] of [
    [['build', 'nothing.txt'], {}],
    [['build', '--paper=', 'nothing.txt'], {}],
    [['build', 'nothing.txt'], { SOURCE_DATE_EPOCH: '99999999999999' }],
  ] as [string[], NodeJS.ProcessEnv][]) {
    const r = lectern(args, { cwd: dir, env });
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  }
});
