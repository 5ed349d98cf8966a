// lectern benchmark: `npm run bench` (after `npm ci`). Absolute times differ twofold between machines
// (and with the load of a shared one), so every goal is a ratio to a peer measured in the same run,
// interleaved run by run: typst (bench/typst-peer.mjs) setting the sample as a handout, converted to
// typst markup (bench/typst-markup.mjs). Without the peer the lectern figures are printed alone.
// It times the bin itself (node bin/lectern.js), never through npx (which adds ~0.3 s).
//   cold      whole process, both outputs of the sample, --force into a fresh folder; phase shares;
//             vs a node process that loads typst, creates its compiler, compiles and writes the PDF
//   warm      a watch session's rebuild after a one-paragraph edit (file change → both outputs written)
//             vs typst's incremental recompile + PDF + write in one warm compiler
//   batch     50 transcripts in one `lectern build` (all cores) vs lectern's own cold build of one, with
//             the batch's CPU over every thread; beside it typst's batch of the same texts' handouts,
//             dealt out to a process per core, vs typst's own cold build
//   distinct  (only when asked) the same with 50 distinct texts of the sample's size: the batch above is
//             one text under 50 titles, which the caches kept for watch answer (distinct-texts.mjs)
//   large     a transcript of 100× the sample's length: time and peak memory (and 10× for linearity)
// Options: --runs N (default 7), --only cold,warm,batch,large (and distinct)
import { fork, spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distinctTexts } from './distinct-texts.mjs';
import { documentToTypst } from './typst-markup.mjs';
import { peerEnv, peerMissing } from './typst-peer.mjs';

const peerScript = join(dirname(fileURLToPath(import.meta.url)), 'typst-peer.mjs');
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'lectern.js');
const sample = join(root, 'content', 'guangan-township-forum.txt');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 0) || 7;
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : ['cold', 'warm', 'batch', 'large'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${Math.round(x)} ms`;
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;
const tmp = (prefix = 'lectern-bench-') => mkdtempSync(join(tmpdir(), prefix));

/** The rows of the summary table printed at the end. */
const table = [];
function row(what, lectern, peer, ratio, goal, met) {
  table.push({ what, lectern, peer, ratio, goal, met: met === undefined ? '' : met ? 'yes' : 'no' });
}

/** Runs a node script once; returns wall time, the script's timing report (if any) and exit status. */
function runNode(script, scriptArgs, { env = process.env, report = join(tmp(), 'timing.json') } = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [script, ...scriptArgs], {
    cwd: root,
    env: { ...env, LECTERN_TIMING_JSON: report },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${script} ${scriptArgs.join(' ')} failed:\n${r.stderr}`);
  const timing = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : {};
  return { wall, timing };
}

/** Runs the bin once; returns wall time, the bin's own timing report and the child's peak RSS. */
const runBin = (binArgs) => runNode(bin, binArgs);
const lecternCold = () => runBin(['build', sample, '--out', tmp(), '--force', '-q']);

/** A transcript as typst markup: lectern's recognition (`check --json`), then typst-markup.mjs. */
function typstMarkupOf(file) {
  const check = spawnSync(process.execPath, [bin, 'check', file, '--json'], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`lectern check --json ${file} failed:\n${check.stderr}`);
  return documentToTypst(JSON.parse(check.stdout));
}

// The peer: the sample as typst markup, and the environment that limits its fonts to Noto CJK.
const peerWhyNot = peerMissing();
let peer = null;
if (peerWhyNot) {
  console.log(`typst peer skipped: ${peerWhyNot}`);
} else {
  const dir = tmp('lectern-bench-typst-');
  const main = join(dir, 'main.typ');
  const source = typstMarkupOf(sample);
  writeFileSync(main, source);
  peer = { main, source, env: peerEnv() };
}
const typstCold = () => {
  const report = join(tmp(), 'timing.json');
  return runNode(peerScript, ['cold', peer.main, join(tmp(), 'handout.pdf'), report], { env: peer.env, report });
};

function section(title) {
  console.log(`\n## ${title}`);
}

function cold() {
  section(`cold build of the sample (whole process), median of ${runs}, lectern and typst interleaved`);
  const results = [];
  const peerResults = [];
  // warm the OS file cache for both
  lecternCold();
  if (peer) typstCold();
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so neither always follows the other's disk and cache effects.
    if (peer && i % 2) peerResults.push(typstCold());
    results.push(lecternCold());
    if (peer && !(i % 2)) peerResults.push(typstCold());
  }
  const wall = median(results.map((r) => r.wall));
  const rss = median(results.map((r) => r.timing.maxRssKb ?? 0));
  console.log(`lectern wall time          ${ms(wall)}`);
  console.log(`lectern peak memory (RSS)  ${mb(rss)}`);
  if (peer) {
    const peerWall = median(peerResults.map((r) => r.wall));
    const peerRss = median(peerResults.map((r) => r.timing.maxRssKb ?? 0));
    console.log(`typst wall time            ${ms(peerWall)}`);
    console.log(`typst peak memory (RSS)    ${mb(peerRss)}`);
    const ratios = results.map((r, i) => r.wall / peerResults[i].wall);
    console.log(`ratio of each run          ${ratios.map((x) => x.toFixed(2)).join(' ')}`);
    const ratio = wall / peerWall;
    row('cold build, whole process (median)', ms(wall), ms(peerWall), ratio.toFixed(2), '≤ 1.0', ratio <= 1.0);
    row(
      'peak memory, cold build (median)',
      mb(rss),
      mb(peerRss),
      (rss / peerRss).toFixed(2),
      '≤ 150 MB',
      rss <= 150 * 1024,
    );
  } else {
    row('cold build, whole process (median)', ms(wall), '—', '—', '≤ 1.0 × typst');
    row('peak memory, cold build (median)', mb(rss), '—', '—', '≤ 150 MB', rss <= 150 * 1024);
  }
  const startup = median(results.map((r) => r.timing.startupMs ?? 0));
  // Phases named slides:* ran on the second core (a worker thread) alongside the main thread's.
  const phaseMedian = (k) => median(results.map((r) => r.timing.phases?.[k] ?? 0));
  const keys = [...new Set(results.flatMap((r) => Object.keys(r.timing.phases ?? {})))];
  const main = [
    ['node start-up + CLI bundle', startup],
    ...keys.filter((k) => !k.startsWith('slides:')).map((k) => [k, phaseMedian(k)]),
  ];
  // after the timing report was written: returning from the command, the slide worker torn down, exit
  main.push(['exit (after the timing report)', median(results.map((r) => r.wall - (r.timing.totalMs ?? r.wall)))]);
  // Per run, then the median: the command's time outside its phases. (The wall time's median less the
  // other rows' medians is no such figure: each median comes from another run, and on a busy machine
  // their sum falls well short of any one run's — it showed 67 ms where the runs had ~15.)
  const inPhases = (r) =>
    Object.entries(r.timing.phases ?? {}).reduce((a, [k, v]) => (k.startsWith('slides:') ? a : a + v), 0);
  main.push(['other (not in a phase)', median(results.map((r) => (r.timing.commandMs ?? 0) - inPhases(r)))]);
  const mainCpu = median(results.map((r) => r.timing.mainThreadCpuMs ?? 0));
  console.log(`  lectern main thread (the critical path; its CPU time ${ms(mainCpu)}):`);
  for (const [k, v] of main)
    console.log(`    ${k.padEnd(36)} ${ms(v).padStart(8)}  ${((100 * v) / wall).toFixed(1).padStart(5)} %`);
  const side = keys.filter((k) => k.startsWith('slides:'));
  if (side.length) {
    console.log('  slide stage on the second core (in parallel):');
    for (const k of side) console.log(`    ${k.padEnd(36)} ${ms(phaseMedian(k)).padStart(8)}`);
  }
}

/** The same one-paragraph edit, number i, of the transcript and of the typst markup. */
function edit(text, i) {
  const edited = text.replace('规划先行。', `规划先行${'！'.repeat(i % 2)}。`).replace('项目为王。', `项目为王${i}。`);
  if (edited === text) throw new Error('bench: the edited sentences are not in the sample any more');
  return edited;
}

/** A watch session of lectern: its status lines, queued so that none is lost when several arrive in one chunk. */
function startWatch(file, outDir) {
  const child = spawn(process.execPath, [bin, 'watch', file, '--out', outDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
  return { child, lineMatching, nextBuild: () => lineMatching(/ (rebuilt|failed|unchanged) /) };
}

/** A warm typst compiler in its own process: each edit answered with the time it took there. */
async function startPeerServer() {
  const child = fork(peerScript, ['serve', peer.main], {
    env: peer.env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let waiting = null;
  child.on('message', (m) => waiting?.(m));
  const reply = () =>
    new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error('typst peer gave no answer in 20 s')), 20000);
      waiting = (m) => {
        clearTimeout(timer);
        res(m);
      };
    });
  await reply(); // ready
  const out = join(dirname(peer.main), 'handout.pdf');
  return { child, recompile: async (source) => (child.send({ source, out }), (await reply()).ms) };
}

/** Starts `lectern watch` (and the warm typst compiler), edits one paragraph, and times edit → outputs written. */
async function warm() {
  section(`warm rebuild after a one-paragraph edit, median of ${runs}, lectern and typst interleaved`);
  const dir = tmp('lectern-bench-watch-');
  const file = join(dir, 'talk.txt');
  copyFileSync(sample, file);
  const watch = startWatch(file, join(dir, 'out'));
  const typst = peer ? await startPeerServer() : null;
  try {
    console.log(`first build: ${await watch.nextBuild()}`);
    // watch rehearses a few made-up edits (writing nothing) before it says it is watching: their cost
    console.log(`then: ${(await watch.lineMatching(/watching/)).replace(/^\S+ /, '')}`);
    const text = readFileSync(file, 'utf8');
    const times = [];
    let first = 0; // the edit right after `watching`, left out of the median (a user feels it most)
    const reported = [];
    const peerTimes = [];
    const lecternEdit = async (i) => {
      const t0 = process.hrtime.bigint();
      writeFileSync(file, edit(text, i));
      const line = await watch.nextBuild();
      const t = Number(process.hrtime.bigint() - t0) / 1e6;
      const m = /in (\d+(?:\.\d+)?) ms/.exec(line);
      if (i === 0) first = t;
      if (i > 0) {
        times.push(t);
        if (m) reported.push(Number(m[1]));
      }
    };
    const peerEdit = async (i) => {
      if (!typst) return;
      const t = await typst.recompile(edit(peer.source, i));
      if (i > 0) peerTimes.push(t);
    };
    for (let i = 0; i < runs + 1; i++) {
      if (i % 2) {
        await peerEdit(i);
        await lecternEdit(i);
      } else {
        await lecternEdit(i);
        await peerEdit(i);
      }
    }
    const wall = median(times);
    console.log(`lectern: file change → both outputs written  ${ms(wall)}   (includes the watcher's event delay)`);
    if (reported.length) console.log(`lectern: rebuild itself (watch's status line)  ${ms(median(reported))}`);
    console.log(`lectern: the first edit after \`watching\` (not in the median)  ${ms(first)}`);
    if (typst) {
      const peerWall = median(peerTimes);
      console.log(`typst: incremental recompile + PDF + write    ${ms(peerWall)}`);
      const ratio = wall / peerWall;
      row(
        'warm: one-paragraph edit → outputs written (median)',
        `${ms(wall)} (watch)`,
        ms(peerWall),
        ratio.toFixed(1),
        '≤ 1.5',
        ratio <= 1.5,
      );
    } else {
      row('warm: one-paragraph edit → outputs written (median)', `${ms(wall)} (watch)`, '—', '—', '≤ 1.5 × typst');
    }
  } finally {
    watch.child.kill();
    typst?.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

function batch() {
  const text = readFileSync(sample, 'utf8');
  // each document gets its own title; the text is the same (see distinct())
  const texts = Array.from({ length: 50 }, (_, i) => text.replace(/^[^\n]+/, (t) => `${t}（第${i + 1}期）`));
  batchOf('batch of 50 transcripts', texts);
}

/** 50 distinct texts of the sample's size and structure (distinct-texts.mjs): work no cache answers. */
function distinct() {
  batchOf('batch of 50 distinct transcripts', distinctTexts(readFileSync(sample, 'utf8'), 50));
}

function batchOf(what, texts) {
  const n = Math.min(runs, 3);
  section(`${what} (one lectern build) vs one cold build, median of ${n}, interleaved`);
  const dir = tmp('lectern-bench-batch-');
  const content = join(dir, 'content');
  mkdirSync(content);
  for (const [i, t] of texts.entries()) writeFileSync(join(content, `doc-${String(i).padStart(2, '0')}.txt`), t);
  const peerList = peer ? typstBatchList(content, join(dir, 'typst')) : null;
  const results = [];
  const colds = [];
  const peerResults = [];
  const peerColds = [];
  for (let i = 0; i < n; i++) {
    colds.push(lecternCold());
    results.push(runBin(['build', content, '--out', join(dir, `out${i}`), '--force', '-q']));
    if (peerList) {
      peerColds.push(typstCold());
      const report = join(tmp(), 'timing.json');
      peerResults.push(runNode(peerScript, ['batch-per-core', peerList, report], { env: peer.env, report }));
    }
  }
  const wall = median(results.map((r) => r.wall));
  const one = median(colds.map((r) => r.wall));
  console.log(`wall time          ${ms(wall)}   (one cold build: ${ms(one)})`);
  let peerCell = '—';
  if (peerList) {
    // the peer's side: the same texts as typst markup, the handouts of a share of them from one compiler
    // in each of one process per core (typst-peer.mjs batch-per-core)
    const peerWall = median(peerResults.map((r) => r.timing.wallMs));
    const peerOne = median(peerColds.map((r) => r.wall));
    const peerCpu = median(peerResults.map((r) => r.timing.processCpuMs ?? 0));
    console.log(
      `typst (handouts only, a process per core): ${ms(peerWall)}, CPU ${ms(peerCpu)} (its cold build: ${ms(peerOne)}) = ${(peerWall / peerOne).toFixed(1)} × its cold build`,
    );
    peerCell = `${ms(peerWall)} = ${(peerWall / peerOne).toFixed(1)} × its cold build`;
  }
  // A batch keeps every core busy, so its wall time is at least its CPU time ÷ cores: the CPU the
  // goal leaves is a bound that no scheduling gets round.
  const cpu = median(results.map((r) => r.timing.processCpuMs ?? 0));
  const oneCpu = median(colds.map((r) => r.timing.processCpuMs ?? 0));
  const cores = availableParallelism();
  console.log(
    `CPU time           ${ms(cpu)}   all threads, ${ms(cpu / texts.length)} a document (one cold build: ${ms(oneCpu)})`,
  );
  console.log(
    `                   on ${cores} cores the goal (≤ 3 × one cold build = ${ms(3 * one)}) leaves at most ${ms(3 * one * cores)} of CPU`,
  );
  console.log(`peak memory (RSS)  ${mb(median(results.map((r) => r.timing.maxRssKb ?? 0)))} (main process)`);
  const ratio = wall / one;
  row(`${what} (median)`, ms(wall), peerCell, `${ratio.toFixed(1)} × one cold build`, '≤ 3 ×', ratio <= 3);
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The batch's texts as typst markup (typstMarkupOf, as the sample for the cold build) and the list the
 * peer's batch mode compiles: [main.typ, out.pdf].
 */
function typstBatchList(content, dir) {
  mkdirSync(dir);
  const list = readdirSync(content)
    .sort()
    .map((name) => {
      const main = join(dir, name.replace(/\.txt$/, '.typ'));
      writeFileSync(main, typstMarkupOf(join(content, name)));
      return [main, join(dir, name.replace(/\.txt$/, '.pdf'))];
    });
  const file = join(dir, 'list.json');
  writeFileSync(file, JSON.stringify(list));
  return file;
}

function large() {
  section('long transcripts: 10× and 100× the sample');
  const dir = tmp('lectern-bench-large-');
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

function printTable() {
  if (!table.length) return;
  section('summary (same-run ratios: lectern ÷ typst, measured interleaved on this machine)');
  console.log('| | lectern (both outputs) | typst (handout only) | ratio | goal | met |');
  console.log('|---|---|---|---|---|---|');
  for (const r of table) console.log(`| ${r.what} | ${r.lectern} | ${r.peer} | ${r.ratio} | ${r.goal} | ${r.met} |`);
}

console.log(`# lectern bench — node ${process.version}, ${runs} runs`);
if (only.includes('cold')) cold();
if (only.includes('warm')) {
  const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' }).stdout;
  if (/lectern watch/.test(help)) await warm();
  else console.log('\n## warm rebuild: skipped (this build has no `lectern watch`)');
}
if (only.includes('batch')) batch();
if (only.includes('distinct')) distinct();
if (only.includes('large')) large();
printTable();
