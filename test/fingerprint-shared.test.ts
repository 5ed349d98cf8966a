// The fingerprint's inputs that every document of a build shares (templates, the font configuration,
// the font files' sizes and times) are read by the build's first document and kept for the others
// (src/pipeline/fingerprint.ts, SharedFingerprintInputs): a batch makes ~35 file-system calls a
// document fewer, and each fingerprint is the one a build of that transcript alone records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FontSet, loadFontConfig } from '../src/fonts';
import { type BatchOutcome, buildMany } from '../src/pipeline/batch';
import { buildFingerprint, type SharedFingerprintInputs } from '../src/pipeline/fingerprint';
import { Timer } from '../src/pipeline/timer';
import { loadSettings } from '../src/settings';
import { root, sample, tempDir } from './helpers';

const env = { ...process.env, SOURCE_DATE_EPOCH: '1700000000' };

/** A project with its own copy of the handout template (which the fingerprint reads) */
function project(dir: string): string {
  mkdirSync(join(dir, 'templates'), { recursive: true });
  copyFileSync(join(root, 'templates', 'handout.md.hbs'), join(dir, 'templates', 'handout.md.hbs'));
  return join(dir, 'templates', 'handout.md.hbs');
}

test('a fingerprint given shared inputs is the same, and reads them once', () => {
  const dir = tempDir('lectern-fingerprint-shared-');
  try {
    const template = project(dir);
    const settings = loadSettings(dir, {}, env);
    const fonts = new FontSet(loadFontConfig(dir));
    const a = readFileSync(sample);
    const b = Buffer.from('另一篇\n\n正文。\n');
    const shared: SharedFingerprintInputs = {};
    assert.equal(buildFingerprint(a, settings, fonts, shared), buildFingerprint(a, settings, fonts));
    assert.ok(shared.parts && shared.parts.length > 0);
    const beforeEdit = buildFingerprint(b, settings, fonts);
    appendFileSync(template, '{{!-- edited --}}\n');
    // kept: the template as the build's first document read it
    assert.equal(buildFingerprint(b, settings, fonts, shared), beforeEdit);
    // without: read now
    assert.notEqual(buildFingerprint(b, settings, fonts), beforeEdit);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("buildMany's documents share the fingerprint's inputs: the template read by its first documents", async () => {
  const dir = tempDir('lectern-fingerprint-batch-');
  try {
    const template = project(dir);
    const content = join(dir, 'content');
    mkdirSync(content);
    const text = readFileSync(sample, 'utf8');
    const paths = [1, 2, 3].map((i) => join(content, `t${i}.txt`));
    for (const [i, p] of paths.entries())
      appendFileSync(
        p,
        text.replace(/^[^\n]+/, (t) => `${t}（第${i + 1}期）`),
      );
    const settings = loadSettings(dir, {}, env);
    const fonts = new FontSet(loadFontConfig(dir));
    const third = readFileSync(paths[2]!);
    const beforeEdit = buildFingerprint(third, settings, fonts);
    const outcomes: BatchOutcome[] = [];
    // the third document starts after the first outcome (two in flight on the main thread), when the
    // template has been edited
    await buildMany(
      paths,
      join(dir, 'out'),
      settings,
      fonts,
      { force: true },
      new Timer(),
      (o) => {
        if (outcomes.length === 0) appendFileSync(template, '{{!-- edited --}}\n');
        outcomes.push(o);
      },
      2,
    );
    assert.deepEqual(
      outcomes.filter((o) => 'error' in o),
      [],
    );
    const record = JSON.parse(readFileSync(join(dir, 'out', 't3', '.lectern-build'), 'utf8')) as { inputs: string };
    assert.equal(record.inputs, beforeEdit);
    assert.notEqual(buildFingerprint(third, settings, fonts), beforeEdit);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
