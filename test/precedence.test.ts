// Every handout setting through the real CLI, layer by layer: defaults < lectern.json < a .md's front
// matter < command-line flags (and SOURCE_DATE_EPOCH over lectern.json's creationDate). Read back
// from the PDF: page size (pdfinfo), body size (the most used font size in the content streams, via
// qpdf), cover date (pdftotext), creation date (pdfinfo).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PAPER_SIZES, PAPERS, type PaperName } from '../src/typeset/geometry';
import { loadSettings, settingsForDocument, settingsSchemas } from '../src/settings';
import { lectern, root, tempDir } from './helpers';

interface Seen {
  paper: [number, number];
  bodySize: number;
  cover: string;
  created: string;
}

const proj = tempDir();
const transcript = join(proj, 'forum.md');
const plainMd = (() => {
  writeFileSync(join(proj, 'forum.txt'), readFileSync(join(root, 'init', 'example-forum.txt')));
  const r = lectern(['import', join(proj, 'forum.txt')]);
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(transcript, 'utf8');
})();

function build(opts: { json?: object; front?: string; flags?: string[]; env?: NodeJS.ProcessEnv }): Seen {
  writeFileSync(join(proj, 'lectern.json'), JSON.stringify(opts.json ?? {}));
  writeFileSync(transcript, opts.front ? plainMd.replace(/^---\n/, `---\n${opts.front}`) : plainMd);
  const out = tempDir();
  const r = lectern(['build', transcript, '--out', out, '--force', '--quiet', ...(opts.flags ?? [])], {
    env: { SOURCE_DATE_EPOCH: '', ...opts.env },
  });
  assert.equal(r.status, 0, r.stderr);
  const pdf = join(out, 'forum', 'handout.pdf');
  const info = execFileSync('pdfinfo', ['-isodates', pdf], { encoding: 'utf8' });
  const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
  const qdf = join(out, 'qdf.pdf');
  execFileSync('qpdf', ['--qdf', '--object-streams=disable', pdf, qdf]);
  const sizes = new Map<number, number>();
  for (const m of readFileSync(qdf, 'latin1').matchAll(/\/F\d+ ([\d.]+) Tf/g))
    sizes.set(Number(m[1]), (sizes.get(Number(m[1])) ?? 0) + 1);
  const bodySize = [...sizes].sort((a, b) => b[1] - a[1])[0]![0];
  return {
    paper: [Number(w), Number(h)],
    bodySize,
    cover: execFileSync('pdftotext', ['-f', '1', '-l', '1', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).replace(
      /\s/g,
      '',
    ),
    created: /CreationDate:\s+(\S+)/.exec(info)![1]!,
  };
}

function assertPaper(seen: [number, number], paper: PaperName): void {
  const [w, h] = PAPER_SIZES[paper];
  assert.ok(Math.abs(seen[0] - w) < 1 && Math.abs(seen[1] - h) < 1, `${seen} is ${paper} (${w} × ${h})`);
}

test('handout settings: command line > front matter > lectern.json > defaults, each one', () => {
  const defaults = build({});
  assertPaper(defaults.paper, 'A4');
  assert.equal(defaults.bodySize, 12, 'A4: 小四');
  assert.doesNotMatch(defaults.cover, /年/);
  assert.match(defaults.created, /^2000-01-01T00:00:00/);

  const json = { handout: { paper: 'A5', bodySize: '小三', date: '二〇二四年七月' }, creationDate: '2024-07-03' };
  const fromJson = build({ json });
  assertPaper(fromJson.paper, 'A5');
  assert.equal(fromJson.bodySize, 15);
  assert.match(fromJson.cover, /二〇二四年七月/);
  assert.match(fromJson.created, /^2024-07-03T00:00:00/);

  const front = 'paper: 16开\nbodySize: 9\ndate: 2025年1月\n';
  const fromFront = build({ json, front });
  assertPaper(fromFront.paper, '16开');
  assert.equal(fromFront.bodySize, 9);
  assert.match(fromFront.cover, /2025年1月/);
  assert.doesNotMatch(fromFront.cover, /二〇二四年七月/);

  const flags = ['--paper', 'jis-b5', '--body-size', '四号', '--date', '2026年5月'];
  const fromFlags = build({ json, front, flags, env: { SOURCE_DATE_EPOCH: '1700000000' } });
  assertPaper(fromFlags.paper, 'JIS-B5');
  assert.equal(fromFlags.bodySize, 14);
  assert.match(fromFlags.cover, /2026年5月/);
  assert.doesNotMatch(fromFlags.cover, /2025年1月/);
  assert.match(fromFlags.created, /^2023-11-14T22:13:20/, 'SOURCE_DATE_EPOCH wins over creationDate');
});

test('print sizes by their Chinese names, and a body size that suits the page unless one is set', () => {
  // the sizes print shops quote, in mm
  const mm = (p: PaperName) => PAPER_SIZES[p].map((pt) => Math.round((pt * 25.4) / 72)) as [number, number];
  assert.deepEqual(mm('16开'), [185, 260]);
  assert.deepEqual(mm('大16开'), [210, 285]);
  assert.deepEqual(mm('32开'), [130, 184]);
  assert.deepEqual(mm('JIS-B5'), [182, 257]);
  assert.deepEqual(mm('ISO-B5'), [176, 250]);
  assert.deepEqual(PAPERS.A5.body, 10.5);

  const a5 = build({ json: { handout: { paper: 'A5' } } });
  assert.equal(a5.bodySize, 10.5, 'A5: 五号');
  const k32 = build({ front: 'paper: 32开\n' });
  assertPaper(k32.paper, '32开');
  assert.equal(k32.bodySize, 10.5, '32开: 五号');
  // plain B5 is ISO B5 (GB/T 148); a size set in lectern.json holds whatever paper the front matter picks
  const b5 = build({ json: { handout: { bodySize: 12 } }, flags: ['--paper', 'B5'] });
  assertPaper(b5.paper, 'ISO-B5');
  assert.equal(b5.bodySize, 12);
  const auto = build({ json: { handout: { paper: 'A4', bodySize: 'auto' } }, front: 'paper: A5\n' });
  assert.equal(auto.bodySize, 10.5, '"auto" follows the paper the document ends up with');
});

test('lectern init writes every setting with its default, and they are accepted as written', () => {
  const dir = tempDir();
  assert.equal(lectern(['init', dir]).status, 0);
  const config = JSON.parse(readFileSync(join(dir, 'lectern.json'), 'utf8'));
  assert.deepEqual(
    Object.keys(config.handout).sort(),
    Object.keys(settingsSchemas().handoutKeys).sort(),
    'every handout setting',
  );
  assert.equal(config.handout.paper, 'A4');
  assert.equal(config.handout.bodySize, 'auto');
  assert.equal(config.creationDate, '2000-01-01');
  const r = lectern(['build'], { cwd: dir, env: { SOURCE_DATE_EPOCH: '' } });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /warning/);
});

test('every handout setting (each key of the schema): flag > front matter > lectern.json > default', () => {
  // [lectern.json value, front matter value, flag value (undefined: no flag), expected at each layer]
  const cases: Record<string, { values: [unknown, unknown, unknown]; seen: [unknown, unknown, unknown] }> = {
    paper: { values: ['A5', '16开', 'jis-b5'], seen: ['A5', '16开', 'JIS-B5'] },
    bodySize: { values: ['小三', 9, '四号'], seen: [15, 9, 14] },
    date: { values: ['二〇二四年七月', '2025年1月', '2026年5月'], seen: ['二〇二四年七月', '2025年1月', '2026年5月'] },
    punctuation: { values: ['开明', 'banjiao', '全角'], seen: ['kaiming', 'banjiao', 'quanjiao'] },
    partBreak: { values: ['page', 'auto', 'page'], seen: ['page', 'auto', 'page'] },
    organiser: {
      values: ['中共广安市委组织部', '市委党校', undefined],
      seen: ['中共广安市委组织部', '市委党校', '市委党校'],
    },
    occasion: { values: ['培训班', '论坛', undefined], seen: ['培训班', '论坛', '论坛'] },
  };
  assert.deepEqual(
    Object.keys(cases).sort(),
    Object.keys(settingsSchemas().handoutKeys).sort(),
    'a case for every setting',
  );
  const defaults = loadSettings(tempDir(), {}, {}, () => {}).handout;
  for (const [key, { values, seen }] of Object.entries(cases)) {
    const dir = tempDir();
    writeFileSync(join(dir, 'lectern.json'), JSON.stringify({ handout: { [key]: values[0] } }));
    const flag = values[2] === undefined ? {} : { [key]: values[2] };
    const doc = (extra: Record<string, unknown>) => ({
      file: 'x.md',
      meta: { extra, date: key === 'date' ? String(extra.date ?? '') : '' },
      warnings: [],
    });
    const json = loadSettings(dir, {}, {}, () => {});
    assert.notDeepEqual(
      json.handout[key as never],
      defaults[key as never],
      `${key}: lectern.json differs from the default`,
    );
    assert.deepEqual(json.handout[key as never], seen[0], `${key}: lectern.json over the default`);
    const front = settingsForDocument(json, doc({ [key]: values[1] }));
    assert.deepEqual(front.handout[key as never], seen[1], `${key}: front matter over lectern.json`);
    const flagged = settingsForDocument(
      loadSettings(dir, flag, {}, () => {}),
      doc({ [key]: values[1] }),
    );
    assert.deepEqual(flagged.handout[key as never], seen[2], `${key}: the flag over front matter`);
  }
});
