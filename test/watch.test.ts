// Regeneration after edits: watch rebuilds exactly the affected document, survives errors with the
// last good outputs in place, serves a live-reloading preview; batch builds equal single builds.
import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  statSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { LOOK_MS, watch, watchEvents, type Watching } from '../src/watch';
import { lectern, root, sample, tempDir } from './helpers';

function snapshot(dir: string): Map<string, { mtime: number; bytes: Buffer }> {
  const m = new Map<string, { mtime: number; bytes: Buffer }>();
  for (const d of readdirSync(dir)) {
    for (const f of ['slides.md', 'slides.html', 'handout.pdf']) {
      const p = join(dir, d, f);
      m.set(`${d}/${f}`, { mtime: statSync(p).mtimeMs, bytes: readFileSync(p) });
    }
  }
  return m;
}

/** Starts a watcher whose status lines can be awaited. */
async function startWatch(projectRoot: string, extra: { serve?: boolean } = {}) {
  const lines: string[] = [];
  const errors: string[] = [];
  const waiters: { re: RegExp; from: number; resolve: (l: string) => void }[] = [];
  const check = (): void => {
    for (const w of [...waiters]) {
      const hit = lines.slice(w.from).find((l) => w.re.test(l));
      if (hit) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(hit);
      }
    }
  };
  const w: Watching = await watch({
    paths: ['content'],
    out: 'out',
    projectRoot,
    serve: extra.serve,
    port: 18080,
    log: (l) => {
      lines.push(l);
      check();
    },
    warn: (l) => errors.push(l),
  });
  await w.ready;
  const after = (re: RegExp): Promise<string> => {
    const from = lines.length;
    return new Promise((resolve, reject) => {
      const t = setTimeout(
        () => reject(new Error(`no line ${re} in 60 s; lines: ${lines.join('\n')}; errors: ${errors.join('\n')}`)),
        60_000,
      );
      waiters.push({ re, from, resolve: (l) => (clearTimeout(t), resolve(l)) });
      check();
    });
  };
  return { w, lines, errors, after };
}

function project(): string {
  const dir = tempDir('lectern-watch-');
  mkdirSync(join(dir, 'content'));
  copyFileSync(sample, join(dir, 'content', 'a.txt'));
  copyFileSync(sample, join(dir, 'content', 'b.txt'));
  return dir;
}

test('watch: an edit rebuilds exactly the affected document; an error keeps the outputs and the watcher', async () => {
  const dir = project();
  const { w, errors, after } = await startWatch(dir);
  try {
    const out = join(dir, 'out');
    const before = snapshot(out);
    assert.equal(before.size, 6);

    // A one-paragraph edit in a.txt: a's three outputs change, b's are untouched.
    const edited = readFileSync(sample, 'utf8').replace('规划先行。', '规划必须先行。');
    let done = after(/rebuilt content\/a\.txt/);
    writeFileSync(join(dir, 'content', 'a.txt'), edited);
    assert.match(await done, /a\.txt changed\) in \d+ ms/);
    const afterEdit = snapshot(out);
    for (const f of ['slides.md', 'slides.html', 'handout.pdf']) {
      assert.ok(!afterEdit.get(`a/${f}`)!.bytes.equals(before.get(`a/${f}`)!.bytes), `a/${f} changed`);
      assert.equal(afterEdit.get(`b/${f}`)!.mtime, before.get(`b/${f}`)!.mtime, `b/${f} untouched`);
    }
    assert.match(readFileSync(join(out, 'a', 'slides.md'), 'utf8'), /规划必须先行/);

    // A broken transcript: an error line, the last good outputs stay.
    done = after(/failed content\/a\.txt/);
    writeFileSync(join(dir, 'content', 'a.txt'), '');
    await done;
    assert.ok(
      errors.some((e) => /a\.txt.*empty/i.test(e)),
      errors.join('\n'),
    );
    const afterError = snapshot(out);
    for (const f of ['slides.md', 'slides.html', 'handout.pdf']) {
      assert.ok(afterError.get(`a/${f}`)!.bytes.equals(afterEdit.get(`a/${f}`)!.bytes), `a/${f} kept`);
    }

    // The watcher is still alive: fixing the file rebuilds it.
    done = after(/rebuilt content\/a\.txt/);
    writeFileSync(join(dir, 'content', 'a.txt'), readFileSync(sample));
    await done;
    assert.ok(
      snapshot(out).get('a/handout.pdf')!.bytes.equals(before.get('a/handout.pdf')!.bytes),
      'back to the original bytes',
    );

    // A template change rebuilds every document.
    mkdirSync(join(dir, 'templates'));
    const tpl = readFileSync(join(root, 'templates', 'slides.md.hbs'), 'utf8');
    // (a.txt may be reported unchanged: a rebuild of it still running when the template was written
    // may already have read the new template; its outputs must then show it)
    const both = Promise.all([
      after(/(rebuilt|unchanged) content\/a\.txt \(template/),
      after(/rebuilt content\/b\.txt \(template/),
    ]);
    writeFileSync(join(dir, 'templates', 'slides.md.hbs'), `${tpl}\n\n---\n\n# 结束\n`);
    await both;
    assert.match(readFileSync(join(out, 'a', 'slides.md'), 'utf8'), /# 结束/);
    assert.match(readFileSync(join(out, 'b', 'slides.md'), 'utf8'), /# 结束/);
  } finally {
    await w.close();
  }
});

test('watch: a save that empties the file before writing it builds the written text, with no empty-file error', async () => {
  const dir = project();
  const { w, lines, errors, after } = await startWatch(dir);
  try {
    const file = join(dir, 'content', 'a.txt');
    const edited = readFileSync(sample, 'utf8').replace('规划先行。', '规划必须先行。');
    const from = lines.length;
    const done = after(/rebuilt content\/a\.txt/);
    // an editor's save: truncate, then the new text a moment later (past chokidar's 50 ms throttle)
    writeFileSync(file, '');
    await new Promise((r) => setTimeout(r, 60));
    writeFileSync(file, edited);
    await done;
    await new Promise((r) => setTimeout(r, 300)); // the look 80 ms after each change has run
    assert.deepEqual(
      errors.filter((e) => /empty/i.test(e)),
      [],
      'the empty moment of the save was built and reported',
    );
    assert.ok(!lines.slice(from).some((l) => /failed content\/a\.txt/.test(l)), lines.slice(from).join('\n'));
    assert.match(readFileSync(join(dir, 'out', 'a', 'slides.md'), 'utf8'), /规划必须先行/);
  } finally {
    await w.close();
  }
});

test("watch: lectern.json saved by truncating then writing (the second change inside chokidar's 50 ms throttle) is read whole", async () => {
  const dir = project();
  writeFileSync(join(dir, 'lectern.json'), '{"handout":{"paper":"A4"}}');
  const { w, lines, errors, after } = await startWatch(dir);
  try {
    const from = lines.length;
    const both = Promise.all([
      after(/rebuilt content\/a\.txt \(lectern\.json changed\)/),
      after(/rebuilt content\/b\.txt \(lectern\.json changed\)/),
    ]);
    // an editor's save: the file is emptied, and written 20 ms later — chokidar reports the first
    // change and drops the second; the watcher must neither read the empty moment nor miss the text
    const fd = openSync(join(dir, 'lectern.json'), 'w');
    await new Promise((r) => setTimeout(r, 20));
    writeSync(fd, '{"handout":{"paper":"A5"}}');
    closeSync(fd);
    await both;
    await new Promise((r) => setTimeout(r, 300)); // the looks 80 ms after each change have run
    assert.deepEqual(
      errors.filter((e) => /lectern\.json/.test(e)),
      [],
      'the empty moment of the save was read as the settings',
    );
    assert.ok(!lines.slice(from).some((l) => /failed/.test(l)), lines.slice(from).join('\n'));
    // A5 is 419.53 × 595.28 pt
    assert.match(
      readFileSync(join(dir, 'out', 'a', 'handout.pdf'), 'latin1'),
      /\/MediaBox \[0 0 419\.5\d* 595\.2\d*\]/,
    );
  } finally {
    await w.close();
  }
});

test("watch: a template saved by truncating then writing (the second change inside chokidar's 50 ms throttle) is built whole", async () => {
  const dir = project();
  const tplFile = join(dir, 'templates', 'slides.md.hbs');
  const tpl = readFileSync(join(root, 'templates', 'slides.md.hbs'), 'utf8');
  mkdirSync(join(dir, 'templates'));
  writeFileSync(tplFile, tpl);
  const { w, lines, after } = await startWatch(dir);
  try {
    const from = lines.length;
    const both = Promise.all([
      after(/rebuilt content\/a\.txt \(template slides\.md\.hbs changed\)/),
      after(/rebuilt content\/b\.txt \(template slides\.md\.hbs changed\)/),
    ]);
    // an editor's save: the file is emptied, and written 45 ms later — long enough for a build started
    // by the first change to read the empty template, inside chokidar's throttle, which drops the second
    const fd = openSync(tplFile, 'w');
    await new Promise((r) => setTimeout(r, 45));
    writeSync(fd, `${tpl}\n\n---\n\n# 结束\n`);
    closeSync(fd);
    await both;
    for (const doc of ['a', 'b'])
      assert.match(
        readFileSync(join(dir, 'out', doc, 'slides.md'), 'utf8'),
        /# 结束/,
        `${doc}: built from the empty moment of the save:\n${lines.slice(from).join('\n')}`,
      );
  } finally {
    await w.close();
  }
});

/** A project's templates folder made now, its slides template the default with a last slide `# 结束` */
function makeTemplatesFolder(dir: string): void {
  const tpl = readFileSync(join(root, 'templates', 'slides.md.hbs'), 'utf8');
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'templates', 'slides.md.hbs'), `${tpl}\n\n---\n\n# 结束\n`);
}

test('watch: a templates folder made after the start is picked up, also with lectern.json there', async () => {
  const dir = project();
  writeFileSync(join(dir, 'lectern.json'), '{"handout":{"paper":"A4"}}');
  const { w, lines, after } = await startWatch(dir);
  try {
    const from = lines.length;
    const last = after(/rebuilt content\/b\.txt \(template slides\.md\.hbs changed\)/); // a, then b
    makeTemplatesFolder(dir);
    await last;
    for (const doc of ['a', 'b'])
      assert.match(readFileSync(join(dir, 'out', doc, 'slides.md'), 'utf8'), /# 结束/, lines.slice(from).join('\n'));
  } finally {
    await w.close();
  }
});

test('watch: lectern.json and a templates folder, both made after the start, are each picked up', async () => {
  const dir = project();
  const { w, lines, after } = await startWatch(dir);
  try {
    const settings = after(/rebuilt content\/a\.txt \(lectern\.json changed\)/);
    writeFileSync(join(dir, 'lectern.json'), '{"handout":{"paper":"A5"}}');
    await settings;
    // A5 is 419.53 × 595.28 pt
    assert.match(
      readFileSync(join(dir, 'out', 'a', 'handout.pdf'), 'latin1'),
      /\/MediaBox \[0 0 419\.5\d* 595\.2\d*\]/,
    );
    const template = after(/rebuilt content\/a\.txt \(template slides\.md\.hbs changed\)/);
    makeTemplatesFolder(dir);
    await template;
    assert.match(readFileSync(join(dir, 'out', 'a', 'slides.md'), 'utf8'), /# 结束/, lines.join('\n'));
  } finally {
    await w.close();
  }
});

function fetchText(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

test('watch --serve: an index of documents, pages that reload after a rebuild', async () => {
  const dir = project();
  const { w, after } = await startWatch(dir, { serve: true });
  try {
    const url = w.server!.url;
    const index = await fetchText(url);
    assert.equal(index.status, 200);
    assert.match(index.body, /href="\/a\/slides\.html"/);
    assert.match(index.body, /href="\/b\/handout"/);
    const slides = await fetchText(`${url}a/slides.html`);
    assert.match(slides.body, /EventSource\('\/__lectern\/events'\)/);
    const viewer = await fetchText(`${url}a/handout`);
    assert.match(viewer.body, /<iframe id="pdf" src="\/a\/handout\.pdf/);
    assert.equal((await fetchText(`${url}../../etc/passwd`)).status, 404);

    // The event stream names the rebuilt document. The edit is made once the stream is connected (the
    // server registers a client as it answers): a rebuild announced before that would never reach it.
    let connected!: () => void;
    const isConnected = new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('the event stream did not connect in 60 s')), 60_000);
      connected = () => (clearTimeout(t), resolve());
    });
    const event = new Promise<string>((resolve, reject) => {
      get(`${url}__lectern/events`, (res) => {
        res.setEncoding('utf8');
        let text = '';
        res.on('data', (d: string) => {
          text += d;
          if (text.startsWith(': connected\n\n')) connected();
          const m = /data: (.+)\n/.exec(text);
          if (m) {
            resolve(m[1]!);
            res.destroy();
          }
        });
      }).on('error', reject);
    });
    await isConnected;
    const done = after(/rebuilt content\/b\.txt/);
    writeFileSync(join(dir, 'content', 'b.txt'), readFileSync(sample, 'utf8').replace('项目为王。', '项目为先。'));
    await done;
    assert.equal(await event, 'b');
  } finally {
    await w.close();
  }
});

test('a batch build (worker threads) gives the same bytes as one-at-a-time builds', () => {
  const dir = tempDir('lectern-batch-');
  const content = join(dir, 'content');
  mkdirSync(content);
  const text = readFileSync(sample, 'utf8');
  for (let i = 0; i < 5; i++)
    writeFileSync(
      join(content, `d${i}.txt`),
      text.replace(/^[^\n]+/, (t) => `${t}（第${i + 1}期）`),
    );
  const batch = lectern(['build', content, '--out', join(dir, 'batch')]);
  assert.equal(batch.status, 0, batch.stderr);
  for (let i = 0; i < 5; i++) {
    const single = lectern(['build', join(content, `d${i}.txt`), '--out', join(dir, 'single')]);
    assert.equal(single.status, 0, single.stderr);
    for (const f of ['slides.md', 'slides.html', 'handout.pdf']) {
      const a = readFileSync(join(dir, 'batch', `d${i}`, f));
      const b = readFileSync(join(dir, 'single', `d${i}`, f));
      assert.ok(a.equals(b), `d${i}/${f}`);
    }
  }
});

const EDITED = (): string => readFileSync(sample, 'utf8').replace('规划先行。', '规划必须先行。');

/**
 * Starts a watcher, freezes setTimeout (node:test's mock timers), runs `save` on content/a.txt and
 * waits for its rebuild: a build that waits on a timer never starts.
 */
async function builtWithTimersFrozen(save: (file: string) => Promise<void>): Promise<void> {
  const dir = project();
  const { w, after } = await startWatch(dir);
  try {
    const done = after(/rebuilt content\/a\.txt/); // its 60 s limit is a real timer, set before the mock
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      await save(join(dir, 'content', 'a.txt'));
      await done;
    } finally {
      mock.timers.reset();
    }
    assert.match(readFileSync(join(dir, 'out', 'a', 'slides.md'), 'utf8'), /规划必须先行/);
  } finally {
    await w.close();
  }
}

test("watch: a transcript's change is built at once, not after a coalescing timer", async () => {
  // the template and configuration changes do wait a few ms for the rest of their burst
  await builtWithTimersFrozen(async (file) => writeFileSync(file, EDITED()));
});

test('watch: a save caught between its truncate and its write is built on the write, not by the look 80 ms later', async () => {
  // The look 80 ms after a change never runs with setTimeout frozen: the write's own fs event (which
  // chokidar's 50 ms throttle drops as a change) must start the build.
  await builtWithTimersFrozen(async (file) => {
    const seen = watchEvents.seenEmpty;
    writeFileSync(file, '');
    // until the watcher has seen the file empty (setInterval is not mocked)
    await new Promise<void>((resolve, reject) => {
      const t0 = Date.now();
      const poll = setInterval(() => {
        if (watchEvents.seenEmpty > seen) resolve();
        else if (Date.now() - t0 > 60_000) reject(new Error('the watcher never saw the file empty'));
        else return;
        clearInterval(poll);
      }, 5);
    });
    writeFileSync(file, EDITED());
  });
});

test('watch: a second save soon after the first is built on its own fs event, once, not by the look 80 ms later', async () => {
  // With setTimeout frozen, chokidar's 50 ms throttle never clears after the first change: it drops
  // the second save's change event, and the look 80 ms later never runs. Only the write's raw fs.watch
  // event can start the second build; neither save is built twice (no "unchanged" rebuild after it).
  const dir = project();
  const file = join(dir, 'content', 'a.txt');
  const { w, lines } = await startWatch(dir);
  const built = (): number => lines.filter((l) => /rebuilt content\/a\.txt/.test(l)).length;
  // setInterval is not mocked: a real bound of 60 s on each wait
  const until = (n: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const t0 = Date.now();
      const poll = setInterval(() => {
        if (built() >= n) resolve();
        else if (Date.now() - t0 > 60_000) reject(new Error(`${n - 1} rebuilds; lines: ${lines.join('\n')}`));
        else return;
        clearInterval(poll);
      }, 5);
    });
  try {
    const before = built();
    const raw = watchEvents.rawBuilds;
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      writeFileSync(file, EDITED());
      await until(before + 1);
      writeFileSync(file, EDITED().replace('项目为王。', '项目为先。'));
      await until(before + 2);
    } finally {
      mock.timers.reset();
    }
    assert.ok(watchEvents.rawBuilds >= raw + 2, 'both saves scheduled by their raw events');
    assert.match(readFileSync(join(dir, 'out', 'a', 'slides.md'), 'utf8'), /项目为先/);
    await new Promise((r) => setTimeout(r, 300)); // a duplicate build would show by now
    assert.equal(lines.filter((l) => / unchanged content\/a\.txt/.test(l)).length, 0, lines.join('\n'));
  } finally {
    await w.close();
  }
});

/**
 * A wait for a condition while setTimeout is node:test's (setInterval is not mocked): a real bound of
 * 60 s on each wait; `step` runs on each poll that finds the condition unmet.
 */
const pollUntil =
  (lines: string[], errors: string[]) =>
  (what: string, done: () => boolean, step = (): void => {}): Promise<void> =>
    new Promise((resolve, reject) => {
      const t0 = Date.now();
      const poll = setInterval(() => {
        if (done()) resolve();
        else if (Date.now() - t0 > 60_000)
          reject(new Error(`${what}: not in 60 s; lines: ${lines.join('\n')}; errors: ${errors.join('\n')}`));
        else return step();
        clearInterval(poll);
      }, 5);
    });

test('watch: a look that comes while a later save is half-done builds no empty moment; a file left empty is reported once', async () => {
  // Saves back to back (writeFileSync: truncate, then write) reported "the file is empty" about once in
  // 40 builds: the look LOOK_MS after an earlier save's change came between the next save's truncate and
  // its write, and built the empty moment. Here setTimeout is node:test's, moved by tick(): the look set
  // when save 1 was seen empty comes LOOK_MS / 2 into save 2's empty moment.
  const dir = project();
  const file = join(dir, 'content', 'a.txt');
  const { w, lines, errors } = await startWatch(dir);
  const count = (re: RegExp): number => lines.filter((l) => re.test(l)).length;
  const empties = (): string[] => errors.filter((e) => /a\.txt: the file is empty/.test(e));
  const until = pollUntil(lines, errors);
  const rebuilt = /rebuilt content\/a\.txt/;
  const failed = /failed content\/a\.txt/;
  try {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      let seen = watchEvents.seenEmpty;
      writeFileSync(file, ''); // save 1, truncated …
      await until('save 1 seen empty', () => watchEvents.seenEmpty > seen); // its look is set
      mock.timers.tick(LOOK_MS / 2);
      let built = count(rebuilt);
      writeFileSync(file, EDITED()); // … and written
      await until('save 1 built', () => count(rebuilt) > built);
      seen = watchEvents.seenEmpty;
      writeFileSync(file, ''); // save 2, truncated …
      await until('save 2 seen empty', () => watchEvents.seenEmpty > seen);
      const held = watchEvents.emptyReadsHeld;
      const failedBefore = count(failed);
      mock.timers.tick(LOOK_MS / 2); // save 1's look: the file has been empty for LOOK_MS / 2
      await until(
        'the look built the empty moment',
        () => watchEvents.emptyReadsHeld > held || count(failed) > failedBefore,
      );
      assert.deepEqual(empties(), [], 'the empty moment of a save was reported');
      built = count(rebuilt);
      writeFileSync(file, EDITED().replace('项目为王。', '项目为先。')); // … and written
      await until('save 2 built', () => count(rebuilt) > built);
      mock.timers.tick(3 * LOOK_MS); // every look set so far
      assert.match(readFileSync(join(dir, 'out', 'a', 'slides.md'), 'utf8'), /项目为先/);

      // A file that stays empty is still reported, once, when its looks find it so.
      const failedBeforeEmpty = count(failed);
      writeFileSync(file, '');
      await until(
        'the empty file reported',
        () => count(failed) > failedBeforeEmpty,
        () => mock.timers.tick(LOOK_MS),
      );
      built = count(rebuilt);
      writeFileSync(file, EDITED());
      await until('the file written again built', () => count(rebuilt) > built);
    } finally {
      mock.timers.reset();
    }
    assert.equal(empties().length, 1, errors.join('\n'));
    assert.equal(count(failed), 1, lines.join('\n'));
  } finally {
    await w.close();
  }
});

test('watch: an emptied file whose change event comes after the build read it empty is still reported', async () => {
  // chokidar's change for a file's state can come after a build read that state empty (its stat is
  // asynchronous; seen at load ~20). That event counts as one since the build, yet it builds nothing (the
  // state was built): the held read must look again, not drop the report. The event is made here with
  // utimes to the same mtime, so the state (size:mtime) stays the one the build read.
  const dir = project();
  const file = join(dir, 'content', 'a.txt');
  const { w, lines, errors } = await startWatch(dir);
  const count = (re: RegExp): number => lines.filter((l) => re.test(l)).length;
  const until = pollUntil(lines, errors);
  const failed = /failed content\/a\.txt/;
  const T = 1_700_000_000; // whole seconds: utimes gives this mtime exactly, again and again
  try {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const held = watchEvents.emptyReadsHeld;
      writeFileSync(file, '');
      utimesSync(file, T, T);
      // the looks build it; the build reads it empty and holds the report (no tick after that)
      await until(
        'the empty read held',
        () => watchEvents.emptyReadsHeld > held,
        () => mock.timers.tick(LOOK_MS),
      );
      const seen = watchEvents.seenEmpty;
      utimesSync(file, T, T); // an event of the same state, after the build
      await until('the late event seen', () => watchEvents.seenEmpty > seen);
      await until(
        'the empty file reported',
        () => count(failed) > 0,
        () => mock.timers.tick(LOOK_MS),
      );
    } finally {
      mock.timers.reset();
    }
    assert.equal(count(failed), 1, lines.join('\n'));
    assert.match(errors.join('\n'), /a\.txt: the file is empty/);
  } finally {
    await w.close();
  }
});
