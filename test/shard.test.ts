// `lectern build --shard K/N`: the parts are disjoint, cover every transcript, depend only on each
// path, and their outputs together are the outputs of one whole build, byte for byte.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import type { LecternError } from '../src/errors';
import { parseShard, selectShard, shardOf } from '../src/pipeline/shard';
import { lectern, sample, tempDir } from './helpers';

test('--shard K/N: 1 ≤ K ≤ N, anything else is a one-line error naming the option', () => {
  assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
  assert.deepEqual(parseShard('1/1'), { index: 1, count: 1 });
  for (const bad of ['0/3', '4/3', '1/0', '2', 'a/b', '1/2/3', '-1/2', '']) {
    assert.throws(
      () => parseShard(bad),
      (e: LecternError) => /^--shard: .* — give K\/N/.test(e.format()),
      bad,
    );
  }
});

test('every transcript is in exactly one part; a part depends only on the path, not on the other files', () => {
  const project = '/srv/catalogue';
  const files = Array.from({ length: 300 }, (_, i) => `content/${2000 + (i % 20)}/talk-${i}.txt`);
  for (const count of [1, 2, 3, 7]) {
    const parts = Array.from({ length: count }, (_, k) => selectShard(files, { index: k + 1, count }, project));
    assert.deepEqual(parts.flat().sort(), [...files].sort(), `${count} parts cover all, none twice`);
    // no part is starved: a hash spreads 300 files over up to 7 parts
    for (const p of parts)
      assert.ok(p.length >= 300 / count / 2, `${count} parts: sizes ${parts.map((x) => x.length)}`);
  }
  // Fewer files, another order, an absolute path: the same part for the same file.
  const one = files[123];
  const alone = shardOf(one, project, 5);
  assert.equal(shardOf(`${project}/${one}`, project, 5), alone);
  assert.deepEqual(selectShard([one], { index: alone + 1, count: 5 }, project), [one]);
  assert.deepEqual(selectShard([...files].reverse(), { index: alone + 1, count: 5 }, project).includes(one), true);
  // The same relative path in another checkout (another machine's CI folder) is in the same part.
  assert.equal(shardOf(one, '/home/runner/work/catalogue', 5), alone);
});

function outputs(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else found.set(relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return found;
}

test('the outputs of --shard 1/3, 2/3 and 3/3 together equal one whole build, byte for byte', () => {
  const project = tempDir();
  const content = join(project, 'content');
  mkdirSync(content);
  // Six real talks: the sample's opening with a different title each.
  const lines = readFileSync(sample, 'utf8').split('\n');
  const opening = lines.slice(0, 12).join('\n');
  for (let i = 0; i < 6; i++) {
    writeFileSync(
      join(content, `talk-${i}.txt`),
      opening.replace(/^[^\n]+/, (t) => `${t}（第${i + 1}期）`),
    );
  }
  const env = { SOURCE_DATE_EPOCH: '1700000000' };
  const whole = lectern(['build', '--out', 'whole', '-q'], { cwd: project, env });
  assert.equal(whole.status, 0, whole.stderr);
  const wanted = outputs(join(project, 'whole'));
  assert.equal(new Set([...wanted.keys()].map((k) => k.split('/')[0])).size, 6);

  const union = new Map<string, string>();
  const sizes: number[] = [];
  for (let k = 1; k <= 3; k++) {
    const r = lectern(['build', '--shard', `${k}/3`, '--out', `part${k}`, '-q'], { cwd: project, env });
    assert.equal(r.status, 0, r.stderr);
    let part: Map<string, string>;
    try {
      part = outputs(join(project, `part${k}`));
    } catch {
      part = new Map(); // an empty part writes nothing
    }
    sizes.push(new Set([...part.keys()].map((p) => p.split('/')[0])).size);
    for (const [p, h] of part) {
      assert.ok(!union.has(p), `${p} built by two parts`);
      union.set(p, h);
    }
  }
  assert.equal(
    sizes.reduce((a, b) => a + b, 0),
    6,
    `documents per part: ${sizes}`,
  );
  assert.ok(sizes.filter((n) => n > 0).length >= 2, `the documents are spread over the parts: ${sizes}`);
  assert.deepEqual(union, wanted);

  // A part with nothing to build succeeds and says so.
  const file = 'content/talk-0.txt';
  const other = ((shardOf(file, project, 3) + 1) % 3) + 1;
  const empty = lectern(['build', file, '--shard', `${other}/3`, '--out', 'empty'], { cwd: project, env });
  assert.equal(empty.status, 0, empty.stderr);
  assert.equal(
    empty.stdout
      .split('\n')
      .filter((l) => !l.startsWith('project '))
      .join('\n'),
    `no transcripts in part ${other}/3\n`,
  );

  const bad = lectern(['build', '--shard', '4/3'], { cwd: project });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr.trim(), /^lectern: --shard: "4\/3" is not a part K\/N — /);
});
