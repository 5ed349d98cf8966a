// A plain `lectern build` is read without yargs (src/cli.ts, plainBuildArgs): for every argument list
// it accepts, the build gets what yargs would have given it; everything else goes to yargs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cliSeams, main, plainBuildArgs } from '../src/cli';

/** The options runBuild reads (src/cli.ts, BuildArgs) */
const BUILD_KEYS = [
  'paths',
  '--',
  'out',
  'project',
  'paper',
  'body-size',
  'date',
  'part-break',
  'punctuation',
  'slides-pdf',
  'slides-pptx',
  'force',
  'quiet',
  'shard',
] as const;

function picked(a: object): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  for (const k of BUILD_KEYS) {
    const v = (a as Record<string, unknown>)[k];
    // yargs' '--' is [] when nothing follows it: the same for runBuild as none
    if (v !== undefined && !(k === '--' && Array.isArray(v) && v.length === 0)) r[k] = v;
  }
  return r;
}

/** What the build is given when yargs parses argv (plain = false), or undefined when no build runs */
async function viaYargs(argv: string[]): Promise<Record<string, unknown> | undefined> {
  const runBuild = cliSeams.runBuild;
  let got: object | undefined;
  cliSeams.runBuild = async (a) => {
    got = a;
    return 0;
  };
  const write = process.stderr.write;
  process.stderr.write = () => true; // usage errors of the near misses
  try {
    await main(argv, false);
  } finally {
    cliSeams.runBuild = runBuild;
    process.stderr.write = write;
  }
  return got && picked(got);
}

const PLAIN: string[][] = [
  ['build'],
  ['build', 'content/guangan-township-forum.txt'],
  ['build', 'content/guangan-township-forum.txt', '--out', '/tmp/x', '--force', '-q'],
  ['build', '-o', 'out', 'a.txt', 'b.md', 'folder'],
  ['build', '-f', 'a.txt', '--quiet', 'b.txt', '-o', 'o/p'],
  ['build', '.', './a.txt', '../b', '01-x.txt', 'a b.txt', 'x=y.txt', '讲稿.txt', 'true', 'null'],
  ['build', '--out', 'dir with space', 'a'],
  ['build', '-o', 'true', 'false'],
  ['build', 'build', 'check', 'watch', 'init', 'help', 'version'],
  ['build', '__proto__', 'constructor', 'a.b.c', 'Infinity', 'NaN', '1_000', '0.5.txt'],
];

const NEAR_MISSES: string[][] = [
  ['check', 'a.txt'],
  ['watch', 'a.txt'],
  ['build', '--force', '--force', 'a.txt'],
  ['build', '-q', '--quiet'],
  ['build', '-o', 'a', '--out', 'b'],
  ['build', '--out'],
  ['build', '-o', '-q'],
  ['build', '--out', ''],
  ['build', '--out=x', 'a.txt'],
  ['build', '-qf', 'a.txt'],
  ['build', '--no-force', 'a.txt'],
  ['build', '--', '-dash.txt'],
  ['build', '--help'],
  ['build', '--version'],
  ['build', '--paper', 'A5', 'a.txt'],
  ['build', '--shard', '1/2'],
  ['build', '--slides-pptx', 'a.txt'],
  ['build', '--forse', 'a.txt'],
  ['build', '-x'],
  ['build', ''],
  ['build', '12'],
  ['build', '1e3'],
  ['build', '0x10'],
  ['build', '.5'],
  ['build', '--out', '7'],
  ['build', '-'],
];

test('a plain build reads the same options yargs gives the build', async () => {
  for (const argv of PLAIN) {
    const fast = plainBuildArgs(argv);
    assert.ok(fast, `plain: ${argv.join(' ')}`);
    assert.deepEqual(picked(fast), await viaYargs(argv), argv.join(' '));
  }
});

test('anything but a plain build goes to yargs', () => {
  for (const argv of NEAR_MISSES) assert.equal(plainBuildArgs(argv), undefined, argv.join(' '));
});

test('a plain build runs without yargs; anything else parses with it', async () => {
  const runBuild = cliSeams.runBuild;
  const built: object[] = [];
  cliSeams.runBuild = async (a) => {
    built.push(a);
    return 0;
  };
  try {
    const before = cliSeams.yargsParses;
    assert.equal(await main(['build', 'a.txt', '--out', 'o', '--force', '-q']), 0);
    assert.equal(cliSeams.yargsParses, before);
    assert.equal(await main(['build', 'a.txt', '--paper', 'A5']), 0);
    assert.equal(cliSeams.yargsParses, before + 1);
    assert.equal(built.length, 2);
  } finally {
    cliSeams.runBuild = runBuild;
  }
});
