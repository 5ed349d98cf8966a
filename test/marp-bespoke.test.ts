// marp-cli's bespoke stylesheet is read from its 376 KB bundle chunk by `npm run compile`'s sample
// build and recorded (dist/marp-bespoke.json, src/slides/bespoke.ts): a cold build takes it from
// there, keyed by marp-cli's version and its chunks' content-named files, and finds the same text;
// a record under another key is never used.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { bespokeAssets } from '../src/slides';
import { BESPOKE_FILE } from '../src/slides/bespoke';
import { bespokeScans, readBespokeAssets } from '../src/vendor/marp';

test('a cold slide stage takes the bespoke stylesheet recorded at compile time, the one in marp-cli', () => {
  const recorded = JSON.parse(readFileSync(BESPOKE_FILE, 'utf8')) as [string, string][];
  assert.equal(recorded.length, 1, 'npm run compile records dist/marp-bespoke.json');
  const cold = bespokeAssets();
  assert.equal(
    bespokeScans.count,
    0,
    'the stylesheet was looked for in marp-cli: dist/marp-bespoke.json is stale (npm run compile)',
  );
  const scanned = readBespokeAssets(new Map());
  assert.equal(bespokeScans.count, 1);
  assert.equal(cold.css, scanned.css);
  assert.equal(cold.js, scanned.js);
  assert.equal(cold.source, scanned.source);
  assert.match(cold.css, /\.bespoke-marp-osc/);
});

test('a stylesheet is taken by the marp-cli files it was read from, and only by them', () => {
  const { source, css } = readBespokeAssets(new Map());
  assert.match(source, /marp-cli-[\w-]+\.js/, 'the key names the chunks');
  const before = bespokeScans.count;
  assert.equal(readBespokeAssets(new Map([[source, 'recorded']])).css, 'recorded');
  assert.equal(bespokeScans.count, before, 'looked up, not read');
  assert.equal(readBespokeAssets(new Map([[`${source} `, 'recorded']])).css, css, 'another key: read again');
  assert.equal(bespokeScans.count, before + 1);
});
