// `lectern watch` stops V8's TurboFan once its warm-up is done (src/watch/index.ts, baselineTier;
// run-time-v8-flags.ts stopAtBaselineTier): the rebuilds then run the code the first build and the
// rehearsals optimised, and TurboFan's long tail of background compiles no longer competes with them.
// - The command line asks for it; the flag comes after the first build and before `watching`.
// - The warm-up is counted in builds after the start's: the rehearsals, or the user's first edits where
//   an edit cut the rehearsals short — never at the start build itself.
// - Not asked (an API caller), watch leaves V8 its optimising compiler.
// (run-time-v8-flags.ts sets a flag once per process: one in-process watch here sets it.)
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BASELINE_FLAG } from '../src/pipeline/run-time-v8-flags';
import { root, sample, tempDir, withV8FlagsRecorded } from './helpers';
import { watchProject } from './watch-helpers';

/** Polls `ok` every 100 ms, 60 s at most. */
async function until(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600 && !ok(); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(ok(), `timed out waiting for ${what}`);
}

const rebuiltLines = (lines: string[]): number =>
  lines.filter((l) => /rebuilt content\/a\.txt \(a\.txt changed\)/.test(l)).length;

/**
 * Watches a project holding the sample as content/a.txt with V8 flags recorded, not set (this test
 * process keeps its own).
 */
async function watchRecordingFlags(
  opts: { baselineTier?: boolean; rehearsals: number },
  body: (ctx: { file: string; lines: string[]; set: string[] }) => Promise<void>,
  atStart: (file: string) => void = () => {},
): Promise<void> {
  await withV8FlagsRecorded(async (set) => {
    const { file, lines, w } = await watchProject(atStart, sample, opts);
    try {
      await w.ready;
      await body({ file, lines, set });
    } finally {
      await w.close();
    }
  });
}

/** The sample with one paragraph lengthened by i + 1 digits (a character it has) */
const edit = (i: number): string =>
  readFileSync(sample, 'utf8').replace('项目为王。', `项目为王${'0'.repeat(i + 1)}。`);

test('rehearsals cut short by an edit: TurboFan stops only after as many warm-up builds as rehearsals asked', async () => {
  const rehearsals = 4;
  await watchRecordingFlags(
    { baselineTier: true, rehearsals },
    async ({ file, lines, set }) => {
      const watching = lines.find((l) => / watching /.test(l)) ?? '';
      const ran = Number(/warmed up by (\d+) rehearsals/.exec(watching)?.[1] ?? 0);
      assert.ok(ran < rehearsals, `rehearsals stopped early: ${watching}`);
      await until(() => rebuiltLines(lines) >= 1, 'the edit that cut them short to be rebuilt');
      // then one more edit at a time (each of another length) until the warm-up's count of builds
      for (let k = 1; ; k++) {
        const edits = rebuiltLines(lines);
        assert.deepEqual(
          set,
          ran + edits >= rehearsals ? [BASELINE_FLAG] : [],
          `after ${ran} rehearsals and ${edits} edits`,
        );
        if (ran + edits >= rehearsals) break;
        writeFileSync(file, edit(k));
        await until(() => rebuiltLines(lines) > edits, `edit ${k} to be rebuilt`);
      }
    },
    (file) => writeFileSync(file, edit(0)),
  );
});

test('watch not asked keeps TurboFan', async () => {
  await watchRecordingFlags({ rehearsals: 1 }, async ({ file, lines, set }) => {
    writeFileSync(file, edit(1));
    await until(() => rebuiltLines(lines) === 1, 'the edit to be rebuilt');
    assert.deepEqual(set, []);
  });
});

test('lectern watch asks: the baseline flag is set after the first build, before `watching`', async () => {
  const dir = tempDir('lectern-watch-tier-cli-');
  mkdirSync(join(dir, 'content'));
  copyFileSync(sample, join(dir, 'content', 'a.txt'));
  const log = join(dir, 'events.log');
  const preload = join(dir, 'record.cjs');
  // one log of the V8 flags set and of the status lines, in the order they happen
  writeFileSync(
    preload,
    `const fs = require('node:fs');
const v8 = require('node:v8');
const setFlags = v8.setFlagsFromString;
v8.setFlagsFromString = function (flag) {
  fs.appendFileSync(${JSON.stringify(log)}, 'flag ' + flag + '\\n');
  return setFlags.call(this, flag);
};
require('node:module').syncBuiltinESMExports();
const write = process.stdout.write;
process.stdout.write = function (chunk, ...rest) {
  fs.appendFileSync(${JSON.stringify(log)}, 'out ' + String(chunk));
  return write.call(this, chunk, ...rest);
};
`,
  );
  writeFileSync(log, '');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--require', preload, join(root, 'bin', 'lectern.js'), 'watch', 'content', '--out', 'out'],
    { cwd: dir, stdio: 'ignore' },
  );
  try {
    const events = (): string[] => readFileSync(log, 'utf8').split('\n').filter(Boolean);
    await until(() => events().some((l) => / watching /.test(l)), '`watching`');
    const e = events();
    const start = e.findIndex((l) => /rebuilt content\/a\.txt \(start\)/.test(l));
    const flag = e.indexOf(`flag ${BASELINE_FLAG}`);
    const watching = e.findIndex((l) => / watching /.test(l));
    assert.ok(start >= 0 && start < flag && flag < watching, e.join('\n'));
    assert.match(e[watching]!, /warmed up by \d+ rehearsals/);
    assert.equal(e.filter((l) => l.startsWith('flag ')).length, 1, 'one flag, once');
  } finally {
    child.kill();
  }
});
