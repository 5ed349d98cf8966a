// Before every rebuild, watch lists the transcripts that get an output folder of their own: the same
// ones, and the same errors, as checking each file against all before it with planOutputs — but each
// file's folder found once (the pairwise check cost ~0.65 s a rebuild for a folder of 1,000 transcripts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { outputDirFor, planOutputs } from '../src/pipeline';
import { transcriptsWithFolders } from '../src/watch';

/** The check watch made before: each file against all the files kept before it. */
function pairwise(files: string[], outRoot: string): { ok: string[]; errors: string[] } {
  const ok: string[] = [];
  const errors: string[] = [];
  for (const f of files) {
    try {
      planOutputs([...ok, f], outRoot);
      ok.push(f);
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  return { ok, errors };
}

test('watch keeps the transcripts with a folder of their own, as the pairwise check did, finding each folder once', () => {
  const out = '/project/out';
  const files = [
    '/project/content/a.txt',
    '/project/content/b.md',
    '/project/content/more/a.txt', // the same folder as content/a.txt
    '/project/content/A.txt', // differs only in case
    '/project/content/..txt', // gives no folder
    '/project/content/c.txt',
    '/project/content/more/B.md', // the same folder as b.md
    ...Array.from({ length: 300 }, (_, i) => `/project/content/many/t${i}.txt`),
  ];
  const errors: string[] = [];
  let found = 0;
  const ok = transcriptsWithFolders(
    files,
    out,
    (e) => errors.push((e as Error).message),
    (f, root) => (found++, outputDirFor(f, root)),
  );
  assert.deepEqual({ ok, errors }, pairwise(files, out));
  assert.equal(errors.length, 4, errors.join('\n'));
  assert.ok(ok.includes(join('/project/content', 'c.txt')) && ok.length === files.length - 4);
  assert.equal(found, files.length, 'a file’s output folder was found more than once');
});
