// The slide worker measures and subsets its TrueType fonts without fontkit, and its bundle sets fontkit
// up only when something calls it (issue 15: fontkit's module set-up was ~10 ms of the worker's start):
// - loadFont reads a single TrueType font's table directory, checks it and measures through
//   LoadedFont.tables; fontkit parses the file only when `font` is first read (for a run only fontkit's
//   shaper can shape: test/cold-start.test.ts, test/pdfkit-font.test.ts for the handout's side);
// - bundle patch fontkit-on-demand (src/vendor/bundle.mjs, used for dist/slides-worker.cjs and
//   dist/cli.cjs): fontkit's module is set up on the first `create`, not when the bundle loads.
// Here the fonts, the planner's widths and the web font's subsetter are bundled as the worker's bundle
// is, with fontkit's module marked so that the test sees when it is set up.
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { build, type Plugin } from 'esbuild';
import { loadFontConfig } from '../src/fonts';
import { fontkitOnDemand } from '../src/vendor/bundle.mjs';
import { root } from './helpers';

const FONTKIT_MODULE = /fontkit[\\/]dist[\\/]module\.mjs$/;

/** Counts, in globalThis.fontkitSetUps, how often fontkit's module is set up (its top level run). */
const markFontkitSetUp: Plugin = {
  name: 'mark-fontkit-set-up',
  setup(b) {
    b.onLoad({ filter: FONTKIT_MODULE }, (args) => ({
      contents: `${readFileSync(args.path, 'utf8')}\nglobalThis.fontkitSetUps = (globalThis.fontkitSetUps ?? 0) + 1;\n`,
      loader: 'js',
    }));
  },
};

interface Bundled {
  loadFont: typeof import('../src/fonts').loadFont;
  FontTables: typeof import('../src/fonts/tables').FontTables;
  GlyphWidths: typeof import('../src/deck/measure').GlyphWidths;
  subsetTables: typeof import('../src/fonts/ttf-subset').subsetTables;
}

/** The font modules bundled as CommonJS (as scripts/compile.mjs bundles the worker), with `plugins` */
async function bundled(plugins: Plugin[]): Promise<Bundled> {
  const dir = mkdtempSync(join(tmpdir(), 'lectern-fontkit-on-demand-'));
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    [
      `export { loadFont } from ${JSON.stringify(join(root, 'src/fonts/index.ts'))};`,
      `export { FontTables } from ${JSON.stringify(join(root, 'src/fonts/tables.ts'))};`,
      `export { GlyphWidths } from ${JSON.stringify(join(root, 'src/deck/measure.ts'))};`,
      `export { subsetTables } from ${JSON.stringify(join(root, 'src/fonts/ttf-subset.ts'))};`,
    ].join('\n'),
  );
  const out = join(dir, 'fonts.cjs');
  await build({
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    nodePaths: [join(root, 'node_modules')],
    define: { 'import.meta.url': '__lecternUrl' },
    banner: { js: "const __lecternUrl=require('node:url').pathToFileURL(__filename).href;" },
    plugins,
    logLevel: 'error',
  });
  return createRequire(out)(out) as Bundled;
}

const setUps = () => (globalThis as { fontkitSetUps?: number }).fontkitSetUps ?? 0;

test('the slide worker measures and subsets its fonts with fontkit never set up; `font` sets it up and parses once', async () => {
  const before = setUps();
  const fonts = await bundled([fontkitOnDemand(), markFontkitSetUp]);
  assert.equal(setUps(), before, 'fontkit set up when the bundle loaded');
  const config = loadFontConfig(root);
  const regular = fonts.loadFont(config.roles.slides, config.file);
  const bold = fonts.loadFont(config.roles.slidesBold, config.file);
  const widths = new fonts.GlyphWidths(regular.tables, bold.tables);
  assert.ok(widths.width('规划先行，项目为王。', 40) > 0);
  const subset = fonts.subsetTables(regular.bytes, regular.tables, '规划先行', (ids) => regular.ensureGlyphs(ids));
  assert.ok(subset?.has('glyf'));
  assert.equal(setUps(), before, 'fontkit set up for measuring or subsetting a TrueType font');

  // reading `font`: fontkit's parse, once, measuring as the tables read directly
  const font = regular.font;
  assert.equal(setUps(), before + 1);
  assert.equal(regular.font, font);
  assert.equal(fonts.FontTables.of(font), regular.tables, 'one table reader per font');
  const id = regular.tables.glyphId('规'.codePointAt(0)!);
  assert.equal(font.glyphForCodePoint('规'.codePointAt(0)!).id, id);
  assert.equal(font.getGlyph(id).advanceWidth / font.unitsPerEm, regular.tables.advance(id));
});

test('without the bundle patch, loading the bundle sets fontkit up (so that the test above can fail)', async () => {
  const before = setUps();
  await bundled([markFontkitSetUp]);
  assert.equal(setUps(), before + 1);
});
