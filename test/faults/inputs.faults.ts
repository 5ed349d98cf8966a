// Hostile inputs: settings, fonts, FIFOs and devices, file names, command lines. Each is refused with
// one line naming the file and a hint (exit 2, no stack trace) — or, for a Latin-only slide font,
// built with a warning — and never disturbs the previous good outputs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  assertFingerprintTrue,
  assertUserError,
  lectern,
  outputBytes,
  project,
  root,
  smallTranscript,
  tempFiles,
} from './harness';

const OUT = (dir: string) => join(dir, 'out', 'talk');

/** A project with a good build in out/talk/ */
function built(): { dir: string; before: Map<string, string> } {
  const dir = project();
  const r = lectern(['build'], dir);
  assert.equal(r.status, 0, r.stderr);
  return { dir, before: outputBytes(OUT(dir)) };
}

function assertUntouched(dir: string, before: Map<string, string>, why: string): void {
  assert.deepEqual(outputBytes(OUT(dir)), before, `${why}: previous outputs changed`);
  assert.deepEqual(tempFiles(join(dir, 'out')), [], `${why}: temp files left`);
  assertFingerprintTrue(OUT(dir));
}

test('every hostile setting: one line naming the file, the key and the allowed range; outputs kept', () => {
  const { dir, before } = built();
  const hostile: [string, string, NodeJS.ProcessEnv, string[], RegExp][] = [
    ['bodySize -1', '{"handout":{"bodySize":-1}}', {}, [], /lectern\.json: `handout\.bodySize` is -1/],
    ['bodySize 1000', '{"handout":{"bodySize":1000}}', {}, [], /is 1000 — .*8 to 18/],
    ['bodySize 0', '{"handout":{"bodySize":0}}', {}, [], /is 0 — /],
    ['bodySize "abc"', '{"handout":{"bodySize":"abc"}}', {}, [], /is "abc" — /],
    ['paper {…}', '{"handout":{"paper":{"w":1,"h":2}}}', {}, [], /`handout\.paper` is \{/],
    ['null', 'null', {}, [], /lectern\.json: its content is null/],
    ['not JSON', '{"handout":', {}, [], /lectern\.json: invalid JSON/],
    ['July 3', '{"creationDate":"July 3"}', {}, [], /`creationDate` is "July 3" — .*ISO/],
    ['SOURCE_DATE_EPOCH', '{}', { SOURCE_DATE_EPOCH: '99999999999999' }, [], /^lectern: SOURCE_DATE_EPOCH: /],
    ['--paper=', '{}', {}, ['--paper='], /--paper: is "" — use one of/],
    ['--paper Letter', '{}', {}, ['--paper', 'Letter'], /--paper: is "Letter"/],
  ];
  for (const [name, json, env, flags, what] of hostile) {
    writeFileSync(join(dir, 'lectern.json'), json);
    const r = lectern(['build', ...flags], dir, { env, timeoutMs: 60_000, label: `setting ${name}` });
    assertUserError(r, /lectern\.json|SOURCE_DATE_EPOCH|--paper/, what);
    assertUntouched(dir, before, name);
  }
  // front matter: .nan and -1 name the line
  writeFileSync(join(dir, 'lectern.json'), '{}');
  for (const v of ['.nan', '-1', '1000', 'abc', '{a: 1}']) {
    const d = project({
      'content/talk.md': `---\ntitle: 测试\nbodySize: ${v}\n---\n\n# 开坛的话 {.intro}\n\n同志们，大家好。\n`,
    });
    const r = lectern(['build'], d, { timeoutMs: 60_000, label: `front matter bodySize ${v}` });
    assertUserError(r, 'content/talk.md:3: `bodySize` is');
  }
  // unknown keys: warnings with suggestions, the build goes on
  writeFileSync(join(dir, 'lectern.json'), '{"creatonDate":"2024-07-03","paper":"A5","handout":{"bodysize":12}}');
  const w = lectern(['build'], dir);
  assert.equal(w.status, 0, w.stderr);
  assert.match(w.stderr, /did you mean `creationDate`/);
  assert.match(w.stderr, /did you mean `handout\.paper`/);
  assert.match(w.stderr, /did you mean `handout\.bodySize`/);
});

test('a bad lectern.json under watch is reported; fixing it brings the build back', async () => {
  const { lecternAsync, stopWatch } = await import('./harness');
  const dir = project({ 'content/talk.txt': smallTranscript(), 'lectern.json': '{"handout":{"bodySize":1000}}' });
  const w = lecternAsync(['watch'], dir);
  const until = async (re: RegExp, which: 'stdout' | 'stderr'): Promise<void> => {
    const t0 = Date.now();
    while (!re.test(w.output()[which])) {
      if (Date.now() - t0 > 90_000) assert.fail(`no ${re} in ${which}: ${w.output().stdout}\n${w.output().stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  try {
    await until(/handout\.bodySize` is 1000/, 'stderr');
    await until(/watching/, 'stdout');
    writeFileSync(join(dir, 'lectern.json'), '{"handout":{"bodySize":10.5}}');
    await until(/rebuilt content\/talk\.txt \(lectern\.json changed\)/, 'stdout');
    assertFingerprintTrue(OUT(dir));
  } finally {
    await stopWatch(w);
  }
});

test('FIFOs, devices and folders as transcripts: refused at once by build, check and import', () => {
  const { dir, before } = built();
  spawnSync('mkfifo', [join(dir, 'content', 'pipe.txt')]);
  symlinkSync('/dev/zero', join(dir, 'zero.txt'));
  mkdirSync(join(dir, 'folder.txt'));
  for (const [file, what] of [
    ['content/pipe.txt', /pipe \(FIFO\)/],
    ['zero.txt', /a device/],
    ['/dev/null', /a device/],
  ] as const) {
    for (const cmd of ['build', 'check', 'import']) {
      const r = lectern([cmd, file], dir, { timeoutMs: 30_000, label: `${cmd} ${file}` });
      assertUserError(r, file, what);
    }
  }
  // a folder of transcripts holding a FIFO: that one is refused, the rest built
  const r = lectern(['build', 'content'], dir, { timeoutMs: 60_000 });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /content\/pipe\.txt: is a pipe/);
  assertUntouched(dir, before, 'FIFO');
  // the size cap says how to raise it
  const big = lectern(['check', 'content/talk.txt'], dir, { env: { LECTERN_MAX_TRANSCRIPT_MB: '0.001' } });
  assertUserError(big, 'content/talk.txt', /LECTERN_MAX_TRANSCRIPT_MB/);
});

test('output names: the same name in two folders, and ...txt, are refused; nothing is written outside --out', () => {
  const dir = project({
    'a/talk.txt': smallTranscript(),
    'b/talk.txt': smallTranscript(),
    'x/...txt': smallTranscript(),
  });
  writeFileSync(join(dir, 'slides.md'), 'the user’s own file');
  const dup = lectern(['build', 'a', 'b'], dir);
  assertUserError(dup, 'b/talk.txt', /same folder talk\/ as a\/talk\.txt/);
  const dots = lectern(['build', 'x/...txt'], dir);
  assertUserError(dots, 'x/...txt', /no usable output folder/);
  assert.equal(readFileSync(join(dir, 'slides.md'), 'utf8'), 'the user’s own file');
  const dash = project({ 'content/-dash.txt': smallTranscript() });
  const r = lectern(['build', '--', 'content/-dash.txt'], dash);
  assert.equal(r.status, 0, r.stderr);
  assertFingerprintTrue(join(dash, 'out', '-dash'));
});

test('check and import without a file: a usage error', () => {
  const dir = project();
  for (const cmd of ['check', 'import']) {
    const r = lectern([cmd], dir);
    assert.equal(r.status, 2, r.stderr);
    assert.doesNotMatch(r.stderr, /undefined/);
    assert.match(r.stderr, /Not enough non-option arguments|file/i);
  }
});

test('control characters in a transcript never reach the terminal', () => {
  const dir = project({ 'content/talk.txt': `${smallTranscript()}\n这里有\x1b[31m红字\x07和响铃\x1b]0;title\x07。\n` });
  const hostileName = 'nope\x1b]0;pwned\x07\x1b[2J.txt';
  for (const args of [['check', 'content/talk.txt'], ['build'], ['check', hostileName], ['build', hostileName]]) {
    const r = lectern(args, dir);
    assert.doesNotMatch(r.stdout + r.stderr, /[\x07\x1b]/, args.join(' '));
  }
});

const require = createRequire(import.meta.url);
function fontProject(role: string, prepare: (fontsDir: string) => string): string {
  const dir = project();
  const fonts = join(dir, 'fonts');
  mkdirSync(fonts);
  const cfg = JSON.parse(readFileSync(join(root, 'fonts', 'fonts.json'), 'utf8')) as { roles: Record<string, string> };
  cfg.roles[role] = prepare(fonts);
  writeFileSync(join(fonts, 'fonts.json'), JSON.stringify(cfg));
  return dir;
}
const notoSans = () =>
  join(
    require.resolve('@expo-google-fonts/noto-sans-sc/package.json'),
    '..',
    '400Regular',
    'NotoSansSC_400Regular.ttf',
  );
const notoSerif = () =>
  join(
    require.resolve('@expo-google-fonts/noto-serif-sc/package.json'),
    '..',
    '400Regular',
    'NotoSerifSC_400Regular.ttf',
  );
function truncated(from: string, to: string, bytes: number): string {
  writeFileSync(to, readFileSync(from).subarray(0, bytes));
  return to;
}

test('hostile fonts: truncated body and slide fonts, a scrap, a device, a FIFO → one line; a Latin-only slide font → a warning', () => {
  const cases: [string, string, (d: string) => string, RegExp][] = [
    [
      'truncated body font',
      'body',
      (d) => truncated(notoSerif(), join(d, 'body.ttf'), 5_000_000),
      /body\.ttf: is truncated/,
    ],
    [
      'truncated slide font',
      'slides',
      (d) => truncated(notoSans(), join(d, 'slides.ttf'), 5_000_000),
      /slides\.ttf: is truncated/,
    ],
    ['1 KB of a font', 'slides', (d) => truncated(notoSans(), join(d, 'scrap.ttf'), 1000), /scrap\.ttf: is truncated/],
    [
      'not a font',
      'heading',
      (d) => (writeFileSync(join(d, 'x.ttf'), 'hello'), join(d, 'x.ttf')),
      /x\.ttf: cannot be read as a font/,
    ],
    ['/dev/zero', 'body', () => '/dev/zero', /\/dev\/zero: is a device/],
    ['a FIFO', 'body', (d) => (spawnSync('mkfifo', [join(d, 'p.ttf')]), join(d, 'p.ttf')), /p\.ttf: is a pipe/],
  ];
  for (const [name, role, prepare, what] of cases) {
    const dir = fontProject(role, prepare);
    const r = lectern(['build'], dir, { timeoutMs: 60_000, label: `font: ${name}` });
    assertUserError(r, what);
  }
  const latin = fontProject('slides', (d) => {
    const katex = join(
      require.resolve('@marp-team/marp-cli/package.json'),
      '..',
      'node_modules',
      'katex',
      'dist',
      'fonts',
      'KaTeX_Main-Regular.ttf',
    );
    copyFileSync(katex, join(d, 'latin.ttf'));
    return join(d, 'latin.ttf');
  });
  const r = lectern(['build'], latin, { label: 'font: Latin-only slide font' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /warning: the slide font latin\.ttf has no glyphs for \d+ of the text's \d+ characters/);
});
