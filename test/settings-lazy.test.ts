// The settings' zod schemas are made only when something needs validating (src/settings.ts,
// settingsSchemas), and zod is loaded only then: a build with no lectern.json, no handout flags and no
// front-matter settings makes none and loads no zod. Its own file, so that its process has made none
// before the first test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LecternError } from '../src/errors';
import { loadSettings, settingsForDocument, settingsSchemasMade, zodLoaded } from '../src/settings';
import { tempDir } from './helpers';

/** A LecternError whose one-line form matches `re` */
const oneLine =
  (re: RegExp) =>
  (e: unknown): boolean =>
    e instanceof LecternError && re.test(e.format());

const noWarnings = (m: string): never => assert.fail(`unexpected warning: ${m}`);

test('no lectern.json, no flags, no front-matter settings: the defaults, and no schema made', () => {
  const s = loadSettings(tempDir(), {}, {}, noWarnings);
  const doc = settingsForDocument(s, { file: 'talk.txt', meta: { extra: {}, date: '' }, warnings: [] });
  assert.equal(doc.handout.paper, 'A4');
  assert.equal(doc.handout.bodySize, 12);
  assert.equal(settingsSchemasMade(), false);
  // zod not even loaded (its core marks the global object when it loads)
  assert.equal(zodLoaded(), false);
  assert.equal('__zod_globalConfig' in globalThis, false);
});

test('an empty lectern.json object needs no schema either; anything else is validated', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'lectern.json'), '{}');
  loadSettings(dir, {}, {}, noWarnings);
  assert.equal(settingsSchemasMade(), false);
  writeFileSync(join(dir, 'lectern.json'), '[]');
  assert.throws(
    () => loadSettings(dir, {}, {}, noWarnings),
    oneLine(/lectern\.json.*the file must hold one JSON object/),
  );
  assert.equal(settingsSchemasMade(), true);
  assert.equal(zodLoaded(), true);
  assert.equal('__zod_globalConfig' in globalThis, true);
});

test('flags and front matter are still validated', () => {
  assert.throws(() => loadSettings(tempDir(), { paper: 'A9' }, {}, noWarnings), oneLine(/--paper.*use one of/));
  const s = loadSettings(tempDir(), { bodySize: '小四' }, {}, noWarnings);
  assert.equal(s.handout.bodySize, 12);
  const warnings: never[] = [];
  const doc = settingsForDocument(s, {
    file: 't.md',
    meta: { extra: { paper: 'a5', colour: 'red' }, date: '' },
    warnings,
  });
  assert.equal(doc.handout.paper, 'A5');
  assert.equal(warnings.length, 1);
});
