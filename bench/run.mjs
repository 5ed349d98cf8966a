// lectern benchmark: `npm run bench` (after `npm ci`). Prints medians of several runs on this machine.
// It times the bin itself (node bin/lectern.js), never through npx (which adds ~0.3 s).
//   cold      whole process, both outputs of the sample, --force into a fresh folder; phase shares
//   warm      a watch session's rebuild after a one-paragraph edit (file change → both outputs written)
//   batch     50 transcripts in one `lectern build` (both cores)
//   large     a transcript of 100× the sample's length: time and peak memory (and 10× for linearity)
// Options: --runs N (default 5), --only cold,warm,batch,large
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'lectern.js');
const sample = join(root, 'content', 'guangan-township-forum.txt');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 0) || 5;
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : ['cold', 'warm', 'batch', 'large'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${Math.round(x)} ms`;
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;

/** Runs the bin once; returns wall time, the bin's own timing report and the child's peak RSS. */
function runBin(binArgs, cwd = root) {
  const report = join(mkdtempSync(join(tmpdir(), 'lectern-bench-')), 'timing.json');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, ...binArgs], {
    cwd,
    env: { ...process.env, LECTERN_TIMING_JSON: report },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`lectern ${binArgs.join(' ')} failed:\n${r.stderr}`);
  const timing = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : {};
  return { wall, timing };
}

function section(title) {
  console.log(`\n## ${title}`);
}

function cold() {
  section(`cold build of the sample (whole process, both outputs), median of ${runs}`);
  const results = [];
  runBin(['build', sample, '--out', mkdtempSync(join(tmpdir(), 'lectern-bench-')), '--force', '-q']); // warm the OS file cache
  for (let i = 0; i < runs; i++) {
    results.push(runBin(['build', sample, '--out', mkdtempSync(join(tmpdir(), 'lectern-bench-')), '--force', '-q']));
  }
  const wall = median(results.map((r) => r.wall));
  console.log(`wall time          ${ms(wall)}   (target < 300 ms)`);
  console.log(`peak memory (RSS)  ${mb(median(results.map((r) => r.timing.maxRssKb ?? 0)))}   (target < 150 MB)`);
  const startup = median(results.map((r) => r.timing.startupMs ?? 0));
  // Phases named slides:* ran on the second core (a worker thread) alongside the main thread's.
  const phaseMedian = (k) => median(results.map((r) => r.timing.phases?.[k] ?? 0));
  const keys = [...new Set(results.flatMap((r) => Object.keys(r.timing.phases ?? {})))];
  const main = [
    ['node start-up + CLI bundle', startup],
    ...keys.filter((k) => !k.startsWith('slides:')).map((k) => [k, phaseMedian(k)]),
  ];
  const accounted = main.reduce((a, [, v]) => a + v, 0);
  main.push(['other (settings, fingerprint, exit)', Math.max(0, wall - accounted)]);
  console.log('  main thread (the critical path):');
  for (const [k, v] of main)
    console.log(`    ${k.padEnd(36)} ${ms(v).padStart(8)}  ${((100 * v) / wall).toFixed(1).padStart(5)} %`);
  const side = keys.filter((k) => k.startsWith('slides:'));
  if (side.length) {
    console.log('  slide stage on the second core (in parallel):');
    for (const k of side) console.log(`    ${k.padEnd(36)} ${ms(phaseMedian(k)).padStart(8)}`);
  }
}

/** Starts `lectern watch`, edits one paragraph, and times file change → both outputs rewritten. */
async function warm() {
  section(`warm rebuild after a one-paragraph edit (lectern watch), median of ${runs}`);
  const dir = mkdtempSync(join(tmpdir(), 'lectern-bench-watch-'));
  const file = join(dir, 'talk.txt');
  copyFileSync(sample, file);
  const outDir = join(dir, 'out');
  const child = spawn(process.execPath, [bin, 'watch', file, '--out', outDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Lines are queued, so none is lost when several arrive in one chunk.
  let buffer = '';
  const queue = [];
  let wake = null;
  child.stdout.on('data', (d) => {
    buffer += d;
    let i;
    while ((i = buffer.indexOf('\n')) >= 0) {
      queue.push(buffer.slice(0, i));
      buffer = buffer.slice(i + 1);
    }
    if (wake) wake();
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const anyLine = async () => {
    const deadline = Date.now() + 20000;
    while (queue.length === 0) {
      if (Date.now() > deadline) throw new Error(`watch gave no status line in 20 s\n${stderr}`);
      await new Promise((res) => {
        wake = res;
        setTimeout(res, 200);
      });
      wake = null;
    }
    return queue.shift();
  };
  const lineMatching = async (re) => {
    for (;;) {
      const l = await anyLine();
      if (re.test(l)) return l;
    }
  };
  const nextLine = () => lineMatching(/ (rebuilt|failed|unchanged) /);
  try {
    console.log(`first build: ${await nextLine()}`);
    await lineMatching(/watching/);
    const text = readFileSync(file, 'utf8');
    const times = [];
    const reported = [];
    for (let i = 0; i < runs + 1; i++) {
      const edited = text
        .replace('规划先行。', `规划先行${'！'.repeat(i % 2)}。`)
        .replace('项目为王。', `项目为王${i}。`);
      const t0 = process.hrtime.bigint();
      writeFileSync(file, edited);
      const line = await nextLine();
      const t = Number(process.hrtime.bigint() - t0) / 1e6;
      const m = /in (\d+(?:\.\d+)?) ms/.exec(line);
      if (i > 0) {
        times.push(t);
        if (m) reported.push(Number(m[1]));
      }
    }
    console.log(
      `file change → both outputs written  ${ms(median(times))}   (target < 50 ms; includes the watcher's event delay)`,
    );
    if (reported.length) console.log(`rebuild itself (watch's status line)  ${ms(median(reported))}`);
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

function batch() {
  section(`batch of 50 transcripts (one lectern build), median of ${Math.min(runs, 3)}`);
  const dir = mkdtempSync(join(tmpdir(), 'lectern-bench-batch-'));
  const content = join(dir, 'content');
  mkdirSync(content);
  const text = readFileSync(sample, 'utf8');
  for (let i = 0; i < 50; i++) {
    // distinct documents: each gets its own title
    writeFileSync(
      join(content, `doc-${String(i).padStart(2, '0')}.txt`),
      text.replace(/^[^\n]+/, (t) => `${t}（第${i + 1}期）`),
    );
  }
  const results = [];
  for (let i = 0; i < Math.min(runs, 3); i++)
    results.push(runBin(['build', content, '--out', join(dir, `out${i}`), '--force', '-q']));
  console.log(`wall time          ${ms(median(results.map((r) => r.wall)))}   (target < 3000 ms)`);
  console.log(`peak memory (RSS)  ${mb(median(results.map((r) => r.timing.maxRssKb ?? 0)))} (main process)`);
  rmSync(dir, { recursive: true, force: true });
}

function large() {
  section('long transcripts: 10× and 100× the sample');
  const dir = mkdtempSync(join(tmpdir(), 'lectern-bench-large-'));
  const lines = readFileSync(sample, 'utf8').trimEnd().split('\n');
  const head = lines.slice(0, 7);
  const talks = lines.slice(7);
  for (const n of [10, 100]) {
    const body = [];
    for (let i = 0; i < n; i++) body.push(...talks);
    const file = join(dir, `x${n}.txt`);
    writeFileSync(file, [...head, ...body].join('\n'));
    const r = runBin(['build', file, '--out', join(dir, 'out'), '--force', '-q']);
    const kb = Buffer.byteLength(readFileSync(file));
    console.log(
      `${String(n).padStart(3)}× (${(kb / 1024).toFixed(0)} KiB)  ${ms(r.wall).padStart(9)}  peak ${mb(r.timing.maxRssKb ?? 0)}  ` +
        Object.entries(r.timing.phases ?? {})
          .map(([k, v]) => `${k} ${Math.round(v)}`)
          .join(', '),
    );
  }
  rmSync(dir, { recursive: true, force: true });
}

console.log(`# lectern bench — node ${process.version}, ${runs} runs`);
if (only.includes('cold')) cold();
if (only.includes('warm')) {
  const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' }).stdout;
  if (/lectern watch/.test(help)) await warm();
  else console.log('\n## warm rebuild: skipped (this build has no `lectern watch`)');
}
if (only.includes('batch')) batch();
if (only.includes('large')) large();
