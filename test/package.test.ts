// lectern as a dependency of someone else's project: `npm pack` ships the compiled bundle (built by
// `prepack`) and nothing of the development tree; the tarball installs into an empty project, where
// `npx lectern init` and `npx lectern build` work. Slow (a real npm install), bounded by timeouts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, tempDir } from './helpers';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const MINUTES = 60_000;

function run(cmd: string, args: string[], cwd: string, timeout = 5 * MINUTES) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    timeout,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  return {
    status: r.status ?? -1,
    stdout: r.stdout ?? '',
    stderr: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}`,
  };
}

test('npm pack ships dist/ (compiled by prepack), the templates and fonts, and no tests, bench or CI files; the tarball installs and builds in an empty project', {
  timeout: 15 * MINUTES,
}, (t) => {
  const work = tempDir('lectern-pack-');
  t.after(() => rmSync(work, { recursive: true, force: true }));
  // A copy of the tracked files without dist/: packing must compile (and must not touch this
  // checkout's dist/, which other tests are using).
  const src = join(work, 'src-copy');
  mkdirSync(src);
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of tracked) {
    if (f === 'node_modules' || !existsSync(join(root, f))) continue;
    cpSync(join(root, f), join(src, f), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(src, 'node_modules'), 'dir');
  assert.ok(!existsSync(join(src, 'dist')));

  const pack = run(NPM, ['pack', '--json', '--pack-destination', work], src);
  assert.equal(pack.status, 0, pack.stderr);
  const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as {
    filename: string;
    files: { path: string }[];
  }[];
  const files = info!.files.map((f) => f.path);
  for (const must of [
    'bin/lectern.js',
    'bin/package.json',
    'dist/cli-start.cjs',
    'dist/cli.cjs',
    'dist/cli.js',
    'dist/worker.js',
    'dist/slides-worker-loader.cjs',
    'dist/slides-worker.cjs',
    // packages a cold build never loads, bundled on their own (scripts/compile.mjs, LAZY_PACKAGES)
    'dist/lazy-yargs.cjs',
    'dist/lazy-zod.cjs',
    'dist/lazy-pptxgenjs.cjs',
    'dist/lazy-fontkit.cjs',
    // the command line's Marp stack (its in-thread slide stage)
    'dist/lazy-marp.cjs',
    // the slide worker's PostCSS, its plug-ins and js-yaml (bundle patch marp-dependencies-on-demand)
    'dist/lazy-marp-dependencies.cjs',
    'dist/templates.cjs',
    'dist/marp-themes.json',
    'dist/marp-bespoke.json',
    'templates/slides.md.hbs',
    'templates/themes/lectern.css',
    'fonts/fonts.json',
    'init/example-forum.txt',
    'README.md',
  ])
    assert.ok(files.includes(must), `${must} is in the package`);
  // the code caches, recorded by prepack's compile for the Node that packed (src/code-cache.ts)
  for (const bundle of ['dist/cli.cjs', 'dist/slides-worker.cjs'])
    assert.ok(
      files.some((f) => f.startsWith(`${bundle}.`) && f.endsWith('.cache')),
      `${bundle}'s code cache is in the package`,
    );
  const stray = files.filter(
    (f) => /^(test|bench|\.ci|src|scripts)\//.test(f) || f === 'tsconfig.json' || f === 'biome.json',
  );
  assert.deepEqual(stray, [], 'no development files in the package');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
  for (const dev of ['esbuild', 'typescript', 'tsx', '@biomejs/biome', 'playwright-core'])
    assert.ok(!(dev in pkg.dependencies!), `${dev} is a development dependency only`);

  const proj = join(work, 'my-course');
  mkdirSync(proj);
  writeFileSync(join(proj, 'package.json'), '{ "name": "my-course", "private": true }\n');
  const install = run(
    NPM,
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '-D', join(work, info!.filename)],
    proj,
    10 * MINUTES,
  );
  assert.equal(install.status, 0, install.stderr);

  const init = run(NPM, ['exec', '--', 'lectern', 'init'], proj);
  assert.equal(init.status, 0, init.stderr);
  const settings = JSON.parse(readFileSync(join(proj, '.vscode', 'settings.json'), 'utf8')) as Record<string, string[]>;
  assert.deepEqual(settings['markdown.marp.themes'], ['node_modules/lectern/templates/themes/lectern.css']);
  assert.ok(existsSync(join(proj, settings['markdown.marp.themes']![0]!)));

  const build = run(NPM, ['exec', '--', 'lectern', 'build'], proj);
  assert.equal(build.status, 0, build.stderr);
  assert.match(
    build.stdout,
    new RegExp(`project ${proj.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(holds lectern\\.json\\)`),
  );
  for (const f of ['slides.md', 'slides.html', 'handout.pdf'])
    assert.ok(existsSync(join(proj, 'out', 'example-forum', f)), `out/example-forum/${f}`);
  assert.doesNotMatch(build.stderr, /ERR_MODULE_NOT_FOUND|at .*\.js:\d+/, 'no stack trace');
});
