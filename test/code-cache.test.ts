// The slide worker starts from V8's code cache recorded by `npm run compile` (see
// src/pipeline/slides-worker-loader.ts): the cache must exist and be accepted by this Node's V8, or
// every cold build silently compiles the slide stage from scratch again.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { Module } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { Script } from 'node:vm';
import { root } from './helpers';

test('dist/slides-worker.cjs has a code cache that V8 accepts', () => {
  const file = join(root, 'dist', 'slides-worker.cjs');
  assert.ok(existsSync(`${file}.cache`), 'npm run compile records dist/slides-worker.cjs.cache');
  const script = new Script((Module as unknown as { wrap(code: string): string }).wrap(readFileSync(file, 'utf8')), {
    filename: file,
    cachedData: readFileSync(`${file}.cache`),
    importModuleDynamically: ((specifier: string) => import(specifier)) as never,
  });
  assert.equal(script.cachedDataRejected, false);
});
