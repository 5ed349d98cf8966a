// Bundle patch marp-dependencies-on-demand (src/vendor/bundle.mjs, the slide worker's bundle): in Marp's
// modules (Marpit, marp-core) PostCSS, postcss-selector-parser, postcss-nesting, @csstools'
// is-pseudo-class and js-yaml are stand-ins that set their package up on first use, and Marpit's nesting
// plugin makes postcss-nesting's rule on first use (marpit-nesting-on-demand): a cold deck runs none of
// them (lectern's theme comes packed from `npm run compile`, its directives and inline styles are read
// without js-yaml and PostCSS: src/vendor/marp.ts), but each was set up at every slide worker start.
// Here lectern's render (src/slides/render.ts) is bundled as the worker's bundle is, with the packages'
// modules marked so that the test sees when each is set up.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { build, type Plugin } from 'esbuild';
import type { Marp } from '@marp-team/marp-core';
import { planDeck } from '../src/deck';
import { readDocument } from '../src/source';
import { renderTemplate } from '../src/templates';
import { loadTheme, renderMarkdown } from '../src/slides';
import { MARP_OPTIONS } from '../src/slides/render';
import {
  bundlePatches,
  MARP_ON_DEMAND_PACKAGES,
  marpDependenciesChunkSource,
  marpDependenciesOnDemand,
} from '../src/vendor/bundle.mjs';
import { metrics, root, sampleAndCorpus, widths } from './deck-helpers';

/** Each package's module as Marp's modules resolve it */
const PACKAGE_MODULES: Readonly<Record<string, RegExp>> = {
  postcss: /[\\/]postcss[\\/]lib[\\/]postcss\.js$/,
  'postcss-selector-parser': /[\\/]postcss-selector-parser[\\/]dist[\\/]index\.js$/,
  'postcss-nesting': /[\\/]postcss-nesting[\\/]dist[\\/]index\.cjs$/,
  '@csstools/postcss-is-pseudo-class': /[\\/]@csstools[\\/]postcss-is-pseudo-class[\\/]dist[\\/]index\.cjs$/,
  'js-yaml': /[\\/]js-yaml[\\/]dist[\\/]js-yaml\.cjs\.js$/,
};

/** Records, in globalThis.marpSetUps, each package whose module is set up (its top level run). */
const markSetUps: Plugin = {
  name: 'mark-marp-set-ups',
  setup(b) {
    for (const [pkg, filter] of Object.entries(PACKAGE_MODULES))
      b.onLoad({ filter }, (args) => ({
        contents: `${readFileSync(args.path, 'utf8')}\n;(globalThis.marpSetUps ??= []).push(${JSON.stringify(pkg)});\n`,
        loader: 'js',
      }));
  },
};

interface Bundled {
  loadTheme: typeof loadTheme;
  renderMarkdown: typeof renderMarkdown;
  Marp: typeof Marp;
}

/** lectern's render and marp-core bundled as CommonJS (as scripts/compile.mjs bundles the worker), with `plugins` */
async function bundled(
  plugins: Plugin[],
  dir = mkdtempSync(join(tmpdir(), 'lectern-marp-on-demand-')),
): Promise<Bundled> {
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    [
      `export { loadTheme, renderMarkdown } from ${JSON.stringify(join(root, 'src/slides/render.ts'))};`,
      `export { Marp } from '@marp-team/marp-core';`,
    ].join('\n'),
  );
  const out = join(dir, 'render.cjs');
  await build({
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    nodePaths: [join(root, 'node_modules')],
    // lectern's package root (dist/marp-styles.json, dist/marp-themes.json) found from the sources
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(root, 'src/slides/render.ts')).href) },
    plugins,
    logLevel: 'error',
  });
  return createRequire(out)(out) as Bundled;
}

const setUps = (): string[] => [...((globalThis as { marpSetUps?: string[] }).marpSetUps ?? [])];

function deckMarkdown(file: string): string {
  const doc = readDocument(file);
  const { plan } = planDeck({ doc, metrics, widths, date: doc.meta.date });
  return renderTemplate('slides.md.hbs', plan, root);
}

/** A deck whose theme Marp must make from CSS (PostCSS, its nesting and selector plugins) and a directive only js-yaml reads */
const THEME =
  '/* @theme plain */\nsection { color: #123; }\nsection { h1 { font-size: 2em; } }\nh2, :is(h3) { margin: 0; }\n';
const YAML_DECK =
  '---\ntheme: plain\n---\n\n<!--\nclass:\n  - lead\n  - "x: y"\n-->\n\n# 标题\n\n<div style="color: red; margin: 1px">正文</div>\n';

test('marp-dependencies-on-demand: the bundle sets up no PostCSS or js-yaml, nor does lectern’s render of real decks', async () => {
  const before = setUps();
  const patched = await bundled([marpDependenciesOnDemand(), ...bundlePatches().plugins, markSetUps]);
  assert.deepEqual(setUps(), before, 'set up when the bundle loaded');
  const theme = patched.loadTheme(root);
  for (const file of sampleAndCorpus(8)) {
    const md = deckMarkdown(file);
    const own = patched.renderMarkdown(md, theme);
    assert.deepEqual(setUps(), before, `set up by the render of ${file}`);
    const plain = renderMarkdown(md, loadTheme(root));
    assert.equal(own.html, plain.html, file);
    assert.equal(own.css, plain.css, file);
  }
});

test('marp-dependencies-on-demand: a render that needs them sets each up once and renders as the bundle without the stand-ins', async () => {
  const render = (M: typeof Marp) => {
    const marp = new M({ ...MARP_OPTIONS, inlineSVG: true });
    marp.themeSet.add(THEME);
    return marp.render(YAML_DECK);
  };
  const unpatched = await bundled([...bundlePatches().plugins, markSetUps]);
  const expected = render(unpatched.Marp);
  const before = setUps();
  const patched = await bundled([marpDependenciesOnDemand(), ...bundlePatches().plugins, markSetUps]);
  assert.deepEqual(setUps(), before);
  const got = render(patched.Marp);
  assert.deepEqual(setUps().slice(before.length).sort(), [...MARP_ON_DEMAND_PACKAGES].sort(), 'each set up once');
  assert.equal(got.html, expected.html);
  assert.equal(got.css, expected.css);
  assert.deepEqual(got.comments, expected.comments);
  assert.match(got.html, /class="lead x: y"/, 'the directive js-yaml read');
});

test('with a chunk, the bundle holds none of the packages; the chunk gives each, one module each, on first use', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lectern-marp-on-demand-'));
  const chunk = './marp-dependencies.cjs';
  const modules = new Map<string, string>();
  const patched = await bundled(
    [marpDependenciesOnDemand(chunk, modules), ...bundlePatches().plugins, markSetUps],
    dir,
  );
  assert.deepEqual([...modules.keys()].sort(), [...MARP_ON_DEMAND_PACKAGES].sort());
  await build({
    stdin: { contents: marpDependenciesChunkSource(modules), resolveDir: root, sourcefile: 'chunk.js' },
    outfile: join(dir, chunk),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    plugins: [...bundlePatches().plugins, markSetUps],
    logLevel: 'error',
  });
  const text = readFileSync(join(dir, 'render.cjs'), 'utf8');
  for (const [pkg, filter] of Object.entries(PACKAGE_MODULES))
    assert.ok(!text.includes(`push(${JSON.stringify(pkg)})`), `${pkg} bundled in (${String(filter)})`);
  const unpatched = await bundled([...bundlePatches().plugins, markSetUps]);
  const render = (M: typeof Marp) => {
    const marp = new M({ ...MARP_OPTIONS, inlineSVG: true });
    marp.themeSet.add(THEME);
    return marp.render(YAML_DECK);
  };
  const expected = render(unpatched.Marp);
  const before = setUps();
  const got = render(patched.Marp);
  assert.deepEqual(setUps().slice(before.length).sort(), [...MARP_ON_DEMAND_PACKAGES].sort(), 'each set up once');
  assert.equal(got.html, expected.html);
  assert.equal(got.css, expected.css);
  assert.deepEqual(got.comments, expected.comments);
});

test('without the stand-ins, loading the bundle sets every package up (so that the first test can fail)', async () => {
  const before = setUps();
  await bundled([...bundlePatches().plugins, markSetUps]);
  assert.deepEqual(setUps().slice(before.length).sort(), [...MARP_ON_DEMAND_PACKAGES].sort());
});
