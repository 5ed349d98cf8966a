// npm run test:faults — the reliability suite (test/faults/*.faults.ts, issue 13): kills, a full disk,
// concurrent builds and watch, hostile settings, fonts and files, and seeded fuzzers of the preview
// server and of transcripts. FAULT_SEED=n picks other random cases; FAULT_CASES=k runs k times as many
// fuzz cases (the default is the bounded CI run). Prints the worst peak memory and wall time of the
// lectern processes it ran (measured by /usr/bin/time -v where it is installed).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runId = `${process.pid}`;
const figures = join(tmpdir(), `lectern-fault-figures-${runId}.jsonl`);
const files = readdirSync('test/faults')
  .filter((f) => f.endsWith('.faults.ts'))
  .map((f) => join('test/faults', f))
  .sort();
const t0 = Date.now();
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', ...process.argv.slice(2), ...files],
  { stdio: 'inherit', env: { ...process.env, FAULT_RUN_ID: runId } },
);
if (existsSync(figures)) {
  const rows = readFileSync(figures, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const rss = rows.reduce((a, b) => (b.rss > a.rss ? b : a));
  const wall = rows.reduce((a, b) => (b.wall > a.wall ? b : a));
  console.log(
    `faults: ${rows.length} lectern runs measured; worst peak RSS ${(rss.rss / 1024).toFixed(0)} MB (${rss.label}); ` +
      `worst wall time ${wall.wall.toFixed(1)} s (${wall.label}); suite ${((Date.now() - t0) / 1000).toFixed(0)} s ` +
      `(seed ${process.env.FAULT_SEED ?? 13}, FAULT_CASES ${process.env.FAULT_CASES ?? 1})`,
  );
  rmSync(figures, { force: true });
}
process.exit(r.status ?? 1);
