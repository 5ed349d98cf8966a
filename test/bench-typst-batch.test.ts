// The bench's batch rows compare lectern's batch with the peer's: typst setting the same texts' handouts,
// dealt out to one process per core (bench/typst-peer.mjs batch-per-core). Skipped where the peer is missing
// (as the bench is).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { documentToTypst } from '../bench/typst-markup.mjs';
import { peerEnv, peerMissing } from '../bench/typst-peer.mjs';
import { lectern, root, sample, tempDir } from './helpers';

const missing = peerMissing();

test('typst peer batch: every handout of the list written, a process per core, their CPU summed', {
  skip: missing ?? false,
}, () => {
  const check = lectern(['check', sample, '--json']);
  assert.equal(check.status, 0, check.stderr);
  const source = documentToTypst(JSON.parse(check.stdout));
  const dir = tempDir();
  const list = [0, 1, 2].map((i) => {
    const main = join(dir, `doc-${i}.typ`);
    writeFileSync(main, source.replace('#align(center + horizon)[', `#align(center + horizon)[第${i + 1}期 `));
    return [main, join(dir, `doc-${i}.pdf`)];
  });
  writeFileSync(join(dir, 'list.json'), JSON.stringify(list));
  const report = join(dir, 'timing.json');
  const r = spawnSync(
    process.execPath,
    [join(root, 'bench', 'typst-peer.mjs'), 'batch-per-core', join(dir, 'list.json'), report],
    {
      env: peerEnv(),
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 0, r.stderr);
  for (const [, pdf] of list) assert.equal(readFileSync(pdf).subarray(0, 5).toString('latin1'), '%PDF-', pdf);
  const timing = JSON.parse(readFileSync(report, 'utf8')) as {
    processes: number;
    wallMs: number;
    processCpuMs: number;
    maxRssKb: number;
  };
  assert.equal(timing.processes, Math.min(availableParallelism(), list.length));
  assert.ok(timing.wallMs > 0 && timing.processCpuMs > 0 && timing.maxRssKb > 0, JSON.stringify(timing));
});
