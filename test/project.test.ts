// The user's own project: the root is found as npm and git find theirs (or given with --project) and
// named in the output; `lectern init` makes a folder that builds; unknown options and commands stop
// everything with a hint; a .txt edited beside its .md is reported as ignored; --help keeps words whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { settingsSchemas } from '../src/settings';
import { lectern, root, sample, tempDir } from './helpers';

const example = readFileSync(join(root, 'init', 'example-forum.txt'));

test('lectern init makes content/, lectern.json with every setting, .gitignore and Marp for VS Code settings; build works there', () => {
  const dir = join(tempDir(), 'course');
  const r = lectern(['init', dir]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(dir, 'content', 'example-forum.txt')));
  const config = JSON.parse(readFileSync(join(dir, 'lectern.json'), 'utf8')) as Record<string, Record<string, unknown>>;
  assert.deepEqual(Object.keys(config.handout!).sort(), Object.keys(settingsSchemas().handoutKeys).sort());
  assert.ok('creationDate' in config);
  assert.match(readFileSync(join(dir, '.gitignore'), 'utf8'), /^out\/$/m);
  const vscode = JSON.parse(readFileSync(join(dir, '.vscode', 'settings.json'), 'utf8')) as Record<string, string[]>;
  const theme = vscode['markdown.marp.themes']![0]!;
  assert.match(readFileSync(theme, 'utf8'), /@theme lectern/);

  // a second init keeps what is there
  writeFileSync(join(dir, 'lectern.json'), '{ "handout": { "paper": "A5" } }\n');
  const again = lectern(['init', dir]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /kept .*lectern\.json/);
  assert.match(readFileSync(join(dir, 'lectern.json'), 'utf8'), /A5/);

  const b = lectern(['build'], { cwd: dir });
  assert.equal(b.status, 0, b.stderr);
  assert.match(b.stdout, new RegExp(`^project ${dir} \\(holds lectern\\.json\\)$`, 'm'));
  assert.ok(existsSync(join(dir, 'out', 'example-forum', 'handout.pdf')));
});

test('the project root is the nearest folder above the transcript with lectern.json or package.json', () => {
  const proj = tempDir();
  mkdirSync(join(proj, 'content'));
  mkdirSync(join(proj, 'templates'));
  writeFileSync(join(proj, 'package.json'), '{"name":"x"}\n');
  writeFileSync(join(proj, 'content', 'talk.txt'), example);
  const own = readFileSync(join(root, 'templates', 'slides.md.hbs'), 'utf8');
  writeFileSync(join(proj, 'templates', 'slides.md.hbs'), `${own}\n\n---\n\n# 本项目的结尾\n`);

  // run from elsewhere: the project's templates and out/ are used, not the current folder's
  const elsewhere = tempDir();
  const r = lectern(['build', join(proj, 'content')], { cwd: elsewhere });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`project ${proj} \\(holds package\\.json\\)`));
  assert.match(readFileSync(join(proj, 'out', 'talk', 'slides.md'), 'utf8'), /本项目的结尾/);
  assert.ok(!existsSync(join(elsewhere, 'out')));

  // run inside content/: out/ is the project's, no content/out/
  const inside = lectern(['build', '--force'], { cwd: join(proj, 'content') });
  assert.equal(inside.status, 0, inside.stderr);
  assert.ok(!existsSync(join(proj, 'content', 'out')), 'no content/out/');
  assert.match(inside.stdout, /built talk\.txt → \.\.\/out\/talk\//);

  // --project wins; --quiet says nothing
  const other = tempDir();
  const q = lectern(['build', join(proj, 'content', 'talk.txt'), '--project', other, '--quiet']);
  assert.equal(q.status, 0, q.stderr);
  assert.equal(q.stdout, '');
  assert.ok(existsSync(join(other, 'out', 'talk', 'slides.md')));
  assert.doesNotMatch(readFileSync(join(other, 'out', 'talk', 'slides.md'), 'utf8'), /本项目的结尾/);
});

test('an unknown option or command is fatal: exit 2, nothing built, a "did you mean" hint', () => {
  const out = tempDir();
  const cases: [string[], RegExp][] = [
    [['build', sample, '--out', out, '--papr', 'A5'], /Unknown argument: papr — did you mean --paper\?/],
    [['build', sample, '--out', out, '--slides-pfd'], /did you mean --slides-pdf\?/],
    [['check', sample, '--jsn'], /Unknown argument: jsn — did you mean --json\?/],
    [['biuld', sample], /Did you mean build\?/],
    [['watch', sample, '--out', out, '--serv'], /did you mean --serve\?/],
  ];
  for (const [args, hint] of cases) {
    const r = lectern(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, hint);
    assert.equal(r.stdout, '', `${args.join(' ')} printed nothing on stdout`);
  }
  assert.ok(!existsSync(join(out, 'guangan-township-forum')), 'nothing was built');
});

test('a .txt edited after the .md beside it is reported as ignored', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'talk.txt'), example);
  assert.equal(lectern(['import', join(dir, 'talk.txt')]).status, 0);
  const past = new Date(Date.now() - 60_000);
  utimesSync(join(dir, 'talk.md'), past, past);
  const r = lectern(['build', dir, '--out', join(dir, 'out')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /talk\.txt: warning: newer than .*talk\.md, which is what is built — the \.txt is ignored/);
  assert.match(r.stdout, /built .*talk\.md/);
});

test('--help keeps words whole however narrow the terminal', () => {
  for (const columns of ['40', '80']) {
    const h = lectern(['build', '--help'], { env: { COLUMNS: columns } });
    assert.equal(h.status, 0);
    assert.match(h.stdout, /needs Chromium: CHROME_PATH or chromium on PATH/);
    const top = lectern(['--help'], { env: { COLUMNS: columns } });
    assert.match(top.stdout, /a Marp slide deck and a typeset PDF handout/);
    assert.match(top.stdout, /lectern init \[dir\]/);
  }
});

test('watch takes the export flags build takes, and writes slides.pptx with them', async (t) => {
  const dir = tempDir();
  writeFileSync(join(dir, 'talk.txt'), example);
  const out = join(dir, 'out');
  const child = spawn(
    process.execPath,
    [join(root, 'bin', 'lectern.js'), 'watch', dir, '--out', out, '--slides-pptx'],
    {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // stopped and waited for (a child left running would hold this test file's process open)
  t.after(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const hang = setTimeout(() => child.kill('SIGKILL'), 60_000);
    await exited;
    clearTimeout(hang);
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  const pptx = join(out, 'talk', 'slides.pptx');
  for (let waited = 0; !existsSync(pptx) && waited < 120_000 && child.exitCode === null; waited += 250)
    await new Promise((r) => setTimeout(r, 250));
  assert.ok(existsSync(pptx), `watch wrote slides.pptx (${stderr})`);
  const help = lectern(['watch', '--help']);
  for (const flag of ['--slides-pdf', '--slides-pptx', '--paper', '--body-size', '--date', '--project'])
    assert.match(help.stdout, new RegExp(`${flag}\\b`), flag);
});
