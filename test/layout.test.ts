// The code map in README.md is true: it names every folder and top-level file of src/ and nothing
// that is not there; no folder is named build/ (the conventional name of generated output).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './helpers';

test("README's code map lists exactly the folders and files of src/", () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const map = readme.slice(readme.indexOf('## Layout of the code'));
  const section = map.slice(0, map.indexOf('\n## ', 4) > 0 ? map.indexOf('\n## ', 4) : undefined);
  const named = new Set([...section.matchAll(/`src\/([\w.-]+)\/?`/g)].map((m) => m[1]!));
  const entries = readdirSync(join(root, 'src'), { withFileTypes: true });
  for (const e of entries) {
    if (e.isFile() && !e.name.endsWith('.ts')) continue;
    assert.ok(named.has(e.name), `src/${e.name} is not in the README's code map`);
  }
  for (const n of named)
    assert.ok(existsSync(join(root, 'src', n)), `the code map names src/${n}, which does not exist`);
  assert.ok(!entries.some((e) => e.isDirectory() && e.name === 'build'), 'no src/build/');
});
