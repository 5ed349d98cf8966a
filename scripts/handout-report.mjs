#!/usr/bin/env node
// Measures every fixture's handout with the shared pdf-report tool, on A4, B5 and A5 and in every
// punctuation style: 0 prohibited line starts/ends, 0 ragged lines, 0 single-Han last lines,
// fidelity ≥ 0.999, tagged. Exit 1 on any miss. Usage: node scripts/handout-report.mjs [--tool PATH]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const toolArg = process.argv.indexOf('--tool');
const tool = toolArg > 0 ? process.argv[toolArg + 1] : resolve(root, '../../shared/tools/pdf-report');
const REPORT = existsSync(tool) ? tool : '/work/shared/tools/pdf-report';
const FIXTURES = [
  'content/guangan-township-forum.txt',
  'test/fixtures/source/forum-mixed.txt',
  'test/fixtures/source/forum-noguests.txt',
  'test/fixtures/source/intro-variants.txt',
  'test/fixtures/source/lecture.txt',
  'test/fixtures/source/newspaper.txt',
  'test/fixtures/source/wrapped.txt',
  'test/fixtures/handout/lecture-headings.txt',
  'test/fixtures/handout/mixed-text.txt',
  'test/fixtures/slides/long-forum.txt',
  'test/fixtures/e2e/markup.txt',
];
const out = mkdtempSync(join(tmpdir(), 'lectern-report-'));
let misses = 0;
for (const paper of ['A4', 'B5', 'A5']) {
  for (const punctuation of ['quanjiao', 'kaiming', 'banjiao']) {
    const dir = join(out, `${paper}-${punctuation}`);
    const build = spawnSync(
      process.execPath,
      [
        join(root, 'bin/lectern.js'),
        'build',
        ...FIXTURES,
        '--out',
        dir,
        '--paper',
        paper,
        '--punctuation',
        punctuation,
        '--quiet',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    if (build.status !== 0) {
      console.log(`${paper} ${punctuation}: build failed: ${build.stderr.trim()}`);
      misses++;
      continue;
    }
    for (const f of FIXTURES) {
      const pdf = join(dir, basename(f).replace(/\.(txt|md)$/, ''), 'handout.pdf');
      const r = spawnSync(REPORT, [pdf, '--source', join(root, f), '--json'], { encoding: 'utf8' });
      const j = JSON.parse(r.stdout);
      const bad = [];
      if (j.kinsoku.length) bad.push(`kinsoku ${JSON.stringify(j.kinsoku)}`);
      if (j.ragged.length) bad.push(`ragged ${JSON.stringify(j.ragged)}`);
      if (j.orphans.length) bad.push(`single-Han last lines ${JSON.stringify(j.orphans)}`);
      if (j.fidelity < 0.999) bad.push(`fidelity ${j.fidelity}`);
      if (j.qpdf_check !== 'ok') bad.push(`qpdf ${j.qpdf_check}`);
      if (j.tagged !== 'yes') bad.push('not tagged');
      const line = `${paper} ${punctuation.padEnd(8)} ${basename(f).padEnd(30)} pages ${String(j.pages).padStart(2)}  fidelity ${j.fidelity.toFixed(4)}`;
      console.log(bad.length ? `${line}  MISS ${bad.join('; ')}` : `${line}  ok`);
      if (bad.length) misses++;
    }
  }
}
rmSync(out, { recursive: true, force: true });
console.log(misses ? `${misses} misses` : 'all fixtures clean on A4, B5, A5 in every punctuation style');
process.exit(misses ? 1 : 0);
