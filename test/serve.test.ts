// The preview server under hostile requests (issue 13): nothing a request can send ends the process,
// reads anything outside out/, or is served to a foreign Host.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { LecternError } from '../src/errors';
import { checkPort, hostAllowed, requestPath, startPreviewServer } from '../src/serve';
import { rawRequest } from './faults/raw-http';
import { tempDir } from './helpers';

function outWithFiles(): string {
  const out = tempDir();
  mkdirSync(join(out, 'talk'));
  writeFileSync(join(out, 'talk', 'handout.pdf'), Buffer.alloc(4 * 1024 * 1024, 7));
  writeFileSync(join(out, 'talk', 'slides.html'), '<html><body>x</body></html>');
  writeFileSync(join(out, 'talk', '.handout.pdf.123.0.tmp'), 'half');
  writeFileSync(join(out, 'talk', '.lectern-build'), 'fp');
  symlinkSync('/etc', join(out, 'etclink'));
  spawnSync('mkfifo', [join(out, 'talk', 'fifo')]);
  return out;
}

const get = (port: number, path: string, host = `localhost:${port}`, method = 'GET') =>
  rawRequest(port, `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);

test('preview: malformed escapes 400, symlinks out of out/ and dot files 404, foreign Host 403, writes 405', async () => {
  const server = await startPreviewServer(outWithFiles(), 0);
  const p = server.port;
  try {
    assert.equal((await get(p, '/%')).status, 400);
    assert.equal((await get(p, '/%E4%B8')).status, 400);
    assert.equal((await get(p, '/etclink/passwd')).status, 404);
    assert.equal((await get(p, '/../../etc/passwd')).status, 404);
    assert.equal((await get(p, '/talk/.handout.pdf.123.0.tmp')).status, 404, 'temp files are never served');
    assert.equal((await get(p, '/talk/.lectern-build')).status, 404);
    assert.equal((await get(p, '/talk/fifo')).status, 404, 'a FIFO is not a file to serve (and must not block)');
    assert.equal((await get(p, '/', `attacker.example:${p}`)).status, 403, 'DNS rebinding');
    assert.equal((await get(p, '/', 'localhost:1')).status, 403);
    for (const h of [`localhost:${p}`, `127.0.0.1:${p}`, `[::1]:${p}`])
      assert.equal((await get(p, '/', h)).status, 200);
    for (const m of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const r = await get(p, '/talk/slides.html', `localhost:${p}`, m);
      assert.equal(r.status, 405, m);
      assert.match(r.text, /allow: GET, HEAD/i);
    }
    const head = await get(p, '/__lectern/events', `localhost:${p}`, 'HEAD');
    assert.equal(head.status, 200, 'HEAD on the event stream answers and ends');
    assert.equal((await rawRequest(p, 'GARBAGE\r\n\r\n')).status, 400);
    assert.equal((await get(p, '/talk/handout.pdf')).status, 200, 'still answering');
  } finally {
    await server.close();
  }
});

test('preview: aborted downloads of a large file leak no file descriptor', async () => {
  const server = await startPreviewServer(outWithFiles(), 0);
  const fds = (): number => readdirSync('/proc/self/fd').length;
  try {
    const before = fds();
    for (let i = 0; i < 20; i++) {
      await rawRequest(server.port, `GET /talk/handout.pdf HTTP/1.1\r\nHost: localhost:${server.port}\r\n\r\n`, 30);
    }
    // the server closes each aborted download's file as it sees the abort: polled (a loaded machine may
    // take a while), a leak never comes back down
    for (let waited = 0; fds() > before + 2 && waited < 60_000; waited += 100)
      await new Promise((r) => setTimeout(r, 100));
    assert.ok(fds() <= before + 2, `fds before ${before}, after ${fds()}`);
  } finally {
    await server.close();
  }
});

test('preview: request paths, hosts and ports are checked', () => {
  assert.equal(requestPath('/a%20b?x=1'), '/a b');
  assert.equal(typeof requestPath('/%'), 'object');
  assert.equal(typeof requestPath('http://evil/x'), 'object');
  assert.equal(hostAllowed(undefined, 80), false);
  for (const bad of [Number.NaN, 70000, -1, 1.5])
    assert.throws(
      () => checkPort(bad),
      (e: LecternError) => e.format().startsWith('--port: is '),
    );
});
