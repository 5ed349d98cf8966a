// src/templates: lectern's own templates render from their precompiled specs on Handlebars' runtime;
// Handlebars' compiler (the parser's tables, the code generator) is loaded only for a template that
// is not precompiled — a project's own, or an edited one — and renders it with the same helpers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handoutTemplateData } from '../src/handout/stage';
import { loadSettings } from '../src/settings';
import { readDocument } from '../src/source';
import { renderTemplate } from '../src/templates';
import { root, sample } from './helpers';

/** Whether this process has loaded any module of Handlebars' compiler */
const compilerLoaded = (): boolean =>
  Object.keys(createRequire(import.meta.url).cache).some((f) =>
    /handlebars[\\/]dist[\\/]cjs[\\/]handlebars[\\/]compiler[\\/]/.test(f),
  );

test('the default templates render without Handlebars’ compiler; a project’s own template loads it', () => {
  const settings = loadSettings(root, {}, {});
  const data = handoutTemplateData(readDocument(sample), settings);
  const own = renderTemplate('handout.md.hbs', data, root);
  assert.ok(own.length > 1000);
  assert.equal(compilerLoaded(), false, 'Handlebars’ compiler loaded for a precompiled template');
  // a project whose handout template differs from lectern's: compiled now, with the same helpers
  const project = mkdtempSync(join(tmpdir(), 'lectern-templates-runtime-'));
  mkdirSync(join(project, 'templates'));
  const source = readFileSync(join(root, 'templates', 'handout.md.hbs'), 'utf8');
  writeFileSync(join(project, 'templates', 'handout.md.hbs'), `${source}{{{md "a*b"}}}\n`);
  const edited = renderTemplate('handout.md.hbs', data, project);
  assert.equal(compilerLoaded(), true);
  assert.equal(edited, `${own}a\\*b\n`);
});
