// Outputs under attack: kill -9 at each rename and at random moments, an injected full disk, builds
// and watch at once. After every case: no temp file left once the next build ran, the fingerprint true
// to the files, the previous good outputs intact or the new ones complete (the same bytes as a clean build).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  assertFingerprintTrue,
  assertUserError,
  cases,
  int,
  lectern,
  lecternAsync,
  outputBytes,
  project,
  rng,
  SEED,
  smallTranscript,
  stopWatch,
  tempFiles,
} from './harness';

const OUT = (dir: string) => join(dir, 'out', 'talk');

/** A clean build's output bytes: what every recovered build must equal. */
function reference(): Map<string, string> {
  const dir = project();
  const r = lectern(['build'], dir, { label: 'reference build' });
  assert.equal(r.status, 0, r.stderr);
  return outputBytes(OUT(dir));
}

/** After an interrupted build: the next build rebuilds (or finds the set intact), cleans up, and is complete. */
function assertRecovers(dir: string, ref: Map<string, string>, why: string): void {
  const hadFingerprint = existsSync(join(OUT(dir), '.lectern-build'));
  if (hadFingerprint) assertFingerprintTrue(OUT(dir));
  const r = lectern(['build'], dir, { label: `rebuild after ${why}` });
  assert.equal(r.status, 0, `${why}: ${r.stderr}`);
  assert.deepEqual(tempFiles(join(dir, 'out')), [], `${why}: temp files left after the next build`);
  assert.ok(!existsSync(join(OUT(dir), '.lectern-lock')), `${why}: lock left`);
  assert.ok(assertFingerprintTrue(OUT(dir)), `${why}: no fingerprint after a good build`);
  assert.deepEqual(outputBytes(OUT(dir)), ref, `${why}: outputs differ from a clean build`);
}

test('kill -9 before and after each rename: the set is never called unchanged when mixed', () => {
  const ref = reference();
  // five renames per build: three outputs, then the fingerprint (written last)
  for (const point of ['kill-before-rename', 'kill-after-rename']) {
    for (let n = 1; n <= 4; n++) {
      const dir = project();
      // an earlier good build with different text, so a mixed set would be visible
      writeFileSync(join(dir, 'content', 'talk.txt'), smallTranscript().replace('规划先行', '规划必须先行'));
      assert.equal(lectern(['build'], dir).status, 0);
      writeFileSync(join(dir, 'content', 'talk.txt'), smallTranscript());
      const r = lectern(['build'], dir, { env: { LECTERN_TEST_FAULT: `${point}:${n}` }, label: `${point}:${n}` });
      assert.equal(r.signal, 'SIGKILL', `${point}:${n} should have been killed: ${r.stderr}`);
      assertRecovers(dir, ref, `${point}:${n}`);
    }
  }
});

test('kill -9 at random moments of a build, seeded', async () => {
  const ref = reference();
  const r = rng(SEED);
  const n = cases(6);
  for (let i = 0; i < n; i++) {
    const dir = project();
    if (r() < 0.5) assert.equal(lectern(['build'], dir).status, 0); // sometimes over an earlier set
    const delay = int(r, 50, 2500);
    const run = lecternAsync(['build', '--force'], dir);
    await new Promise((res) => setTimeout(res, delay));
    run.child.kill('SIGKILL');
    await run.done;
    assertRecovers(dir, ref, `kill at ${delay} ms (case ${i}, seed ${SEED})`);
  }
});

test('a full disk (injected ENOSPC) on each output: one line with path and hint, old outputs kept, no temp file', () => {
  for (let n = 1; n <= 4; n++) {
    const dir = project();
    assert.equal(lectern(['build'], dir).status, 0);
    const before = outputBytes(OUT(dir));
    writeFileSync(join(dir, 'content', 'talk.txt'), smallTranscript().replace('规划先行', '规划必须先行'));
    const r = lectern(['build'], dir, { env: { LECTERN_TEST_FAULT: `enospc-write:${n}` }, label: `enospc-write:${n}` });
    assertUserError(r, /out\/talk\//, /disk is full/);
    assert.deepEqual(tempFiles(join(dir, 'out')), [], `ENOSPC ${n}: temp files left`);
    if (n <= 3) assert.deepEqual(outputBytes(OUT(dir)), before, `ENOSPC on output ${n}: previous outputs kept`);
    // the fingerprint never claims the new input
    const again = lectern(['build'], dir);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /^built /m, `after ENOSPC ${n} the next build must rebuild`);
    assertFingerprintTrue(OUT(dir));
  }
});

test('concurrent builds with different papers, and a transcript edited meanwhile: the fingerprint describes the files, the newest text wins', async () => {
  const dir = project();
  const a = lecternAsync(['build', '--paper', 'A4'], dir);
  const b = lecternAsync(['build', '--paper', 'A5'], dir);
  const edited = smallTranscript().replace('规划先行', '规划必须先行');
  await new Promise((res) => setTimeout(res, 200));
  writeFileSync(join(dir, 'content', 'talk.txt'), edited);
  const c = lecternAsync(['build', '--paper', 'A5'], dir);
  const runs = await Promise.all([a.done, b.done, c.done]);
  for (const r of runs) assert.equal(r.status, 0, r.stderr);
  assertFingerprintTrue(OUT(dir));
  assert.match(
    readFileSync(join(OUT(dir), 'slides.md'), 'utf8'),
    /规划必须先行/,
    'the last build read the newest text',
  );
  assert.deepEqual(tempFiles(join(dir, 'out')), []);
  // the set on disk is what the fingerprint says: building again with the paper of the handout on
  // disk (whichever build took the lock last) is "unchanged"
  const pdf = readFileSync(join(OUT(dir), 'handout.pdf'), 'latin1');
  const paper = /\/MediaBox \[0 0 595\.28/.test(pdf) ? 'A4' : 'A5';
  const again = lectern(['build', '--paper', paper], dir);
  assert.match(again.stdout, /^unchanged /m, again.stdout + again.stderr);
});

test('watch and builds at once: both finish, watch still answers, outputs true to the fingerprint', async () => {
  const dir = project();
  const w = lecternAsync(['watch'], dir);
  /** Waits for a condition (polled), not for a time: 90 s at most. */
  const until = async (what: string, ok: () => boolean): Promise<void> => {
    const t0 = Date.now();
    while (!ok()) {
      if (Date.now() - t0 > 90_000) assert.fail(`${what}: ${w.output().stdout}${w.output().stderr}`);
      await new Promise((res) => setTimeout(res, 100));
    }
  };
  const slidesSay = (text: string) => () => {
    try {
      return readFileSync(join(OUT(dir), 'slides.md'), 'utf8').includes(text);
    } catch {
      return false;
    }
  };
  try {
    await until('watch never printed watching', () => /watching/.test(w.output().stdout));
    const builds = [lecternAsync(['build', '--force'], dir), lecternAsync(['build', '--force', '--paper', 'B5'], dir)];
    writeFileSync(join(dir, 'content', 'talk.txt'), smallTranscript().replace('规划先行', '规划必须先行'));
    for (const r of await Promise.all(builds.map((b) => b.done))) assert.equal(r.status, 0, r.stderr);
    // the watch's build of the edit; "unchanged" when a --force build with watch's settings read the
    // edited text and committed just before the watch took the lock
    await until('watch did not build the edit', () =>
      /(rebuilt|unchanged) content\/talk\.txt \(talk\.txt changed\)/.test(w.output().stdout),
    );
    // still answering: a further edit is built by watch (no other build runs now)
    writeFileSync(join(dir, 'content', 'talk.txt'), smallTranscript().replace('规划先行', '规划一定先行'));
    await until('watch stopped answering', slidesSay('规划一定先行'));
    // the fingerprint is written last, under the lock: wait for the lock to go
    await until('the lock stayed', () => !existsSync(join(OUT(dir), '.lectern-lock')));
    assertFingerprintTrue(OUT(dir));
    assert.match(readFileSync(join(OUT(dir), 'slides.md'), 'utf8'), /规划一定先行/);
  } finally {
    await stopWatch(w);
  }
});

test('a stale lock of a killed process is taken over; a build without --slides-pdf removes an old slides.pdf', () => {
  const dir = project();
  assert.equal(lectern(['build'], dir).status, 0);
  // a lock left by a process that no longer exists
  writeFileSync(join(OUT(dir), '.lectern-lock'), `999999\n${hostname()}\n`);
  writeFileSync(join(OUT(dir), 'slides.pdf'), 'an old deck');
  writeFileSync(join(OUT(dir), '.handout.pdf.1.0.tmp'), 'half a file');
  const r = lectern(['build'], dir, { timeoutMs: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^built /m, 'a leftover temp file means: rebuild');
  assert.ok(!existsSync(join(OUT(dir), 'slides.pdf')), 'old slides.pdf removed');
  assert.deepEqual(tempFiles(join(dir, 'out')), []);
  assertFingerprintTrue(OUT(dir));
});
