// Watch's warm-up (src/watch/rehearse.ts): after its first build, watch rebuilds the document with
// made-up edits that write nothing, so that the user's first edits run optimised code. What can be
// tested without timing: the made-up edit is a real one-paragraph edit that needs no new font subset,
// the rehearsals run and leave out/ exactly as the first build wrote it, an edit that arrives stops
// them, and an edit after them still gives a cold build's bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runOperatorReuse } from '../src/pdf/write';
import { REHEARSALS, rehearsalText } from '../src/watch/rehearse';
import { lectern, root, sample } from './helpers';
import { watchProject } from './watch-helpers';

const firstUses = (s: string): string => [...new Set(s)].join('');

test('a rehearsal edit lengthens one paragraph line, adds no character and moves no first use', () => {
  const corpus = join(root, 'test', 'corpus', 'texts');
  const texts = [
    sample,
    ...readdirSync(corpus)
      .slice(0, 6)
      .map((n) => join(corpus, n)),
  ];
  for (const file of texts) {
    const text = readFileSync(file, 'utf8');
    const changed = new Set<number>();
    for (let k = 0; k < REHEARSALS; k++) {
      const edited = rehearsalText(text, k);
      assert.ok(edited !== undefined, file);
      const a = text.split('\n');
      const b = edited.split('\n');
      assert.equal(b.length, a.length);
      const diff = a.flatMap((l, i) => (l === b[i] ? [] : [i]));
      assert.equal(diff.length, 1, `${file}: one line changed`);
      const i = diff[0]!;
      assert.ok(b[i]!.startsWith(a[i]!) && b[i]!.length > a[i]!.length, `${file}: line ${i + 1} lengthened`);
      assert.equal(firstUses(edited), firstUses(text), `${file}: characters and their first uses unchanged`);
      changed.add(i);
    }
    assert.ok(changed.size >= 2, `${file}: rehearsals edit different paragraphs`);
  }
  assert.equal(rehearsalText('短\n短短\n', 0), undefined);
});

/** Each output file's bytes and mtime, and the folder's listing. */
function folderState(dir: string): string {
  return readdirSync(dir)
    .sort()
    .map((n) => `${n} ${statSync(join(dir, n)).mtimeMs} ${readFileSync(join(dir, n)).toString('base64')}`)
    .join('\n');
}

/** Waits (60 s at most) for the status line of a rebuild after an edit of content/a.txt. */
async function rebuiltAfterEdit(lines: string[]): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (lines.some((l) => /rebuilt content\/a\.txt \(a\.txt changed\)/.test(l))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`no rebuild after the edit: ${lines.join('\n')}`);
}

test('watch rehearses after its first build, writing nothing; a later edit equals a cold build', async () => {
  let afterStart = '';
  const { dir, file, out, lines, w } = await watchProject((_, out) => {
    afterStart = folderState(out);
  });
  try {
    await w.ready;
    const watching = lines.find((l) => / watching /.test(l)) ?? '';
    assert.match(watching, new RegExp(`warmed up by ${REHEARSALS} rehearsals in \\d+ ms`), lines.join('\n'));
    assert.ok(afterStart, 'the first build was reported');
    assert.equal(folderState(out), afterStart, 'out/a/ is as the first build left it');

    const edited = readFileSync(sample, 'utf8')
      .replace('规划先行。', '规划先行！。')
      .replace('项目为王。', '项目为王1。');
    const counts = { ...runOperatorReuse };
    writeFileSync(file, edited);
    await rebuiltAfterEdit(lines);
    // watch tells the PDF writer to keep each run's operators: the rebuild writes most of them again
    assert.ok(runOperatorReuse.reused - counts.reused > 100, 'the rebuild reused no run operators');
    const cold = lectern(['build', file, '--out', join(dir, 'cold'), '--force', '--quiet']);
    assert.equal(cold.status, 0, cold.stderr);
    for (const name of ['slides.md', 'slides.html', 'handout.pdf'])
      assert.ok(
        readFileSync(join(out, name)).equals(readFileSync(join(dir, 'cold', 'a', name))),
        `${name}: the rebuild after the rehearsals differs from a cold build`,
      );
  } finally {
    await w.close();
  }
});

test('an edit that arrives while watch rehearses stops the rehearsals and is built', async () => {
  const edited = readFileSync(sample, 'utf8').replace('规划先行。', '规划必须先行。');
  const { out, lines, w } = await watchProject((file) => writeFileSync(file, edited));
  try {
    await w.ready;
    const watching = lines.find((l) => / watching /.test(l)) ?? '';
    const n = Number(/warmed up by (\d+) rehearsals/.exec(watching)?.[1] ?? 0);
    assert.ok(n < REHEARSALS, `rehearsals stopped early: ${watching}`);
    await rebuiltAfterEdit(lines);
    assert.match(readFileSync(join(out, 'slides.md'), 'utf8'), /规划必须先行/);
  } finally {
    await w.close();
  }
});

test('a GB18030 transcript is rehearsed as decoded (read as UTF-8 its made-up edits would not build)', async () => {
  const { lines, w } = await watchProject(() => {}, join(root, 'test', 'fixtures', 'e2e', 'guangan-gb18030.txt'));
  try {
    await w.ready;
    assert.match(lines.find((l) => / watching /.test(l)) ?? '', new RegExp(`warmed up by ${REHEARSALS} rehearsals`));
  } finally {
    await w.close();
  }
});
