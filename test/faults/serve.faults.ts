// A fuzz of the preview server's request line and headers, seeded: every answer is a valid status,
// nothing outside out/ (or a dot file) is ever served, a foreign Host never gets a 200, and the
// server answers a plain request after each burst. An uncaught exception would end this process.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startPreviewServer } from '../../src/serve';
import { cases, int, lecternAsync, pick, project, rng, SEED, smallTranscript, stopWatch, tempDir } from './harness';
import { rawRequest } from './raw-http';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', 'PATCH', 'get', 'G\x00T', ''];
const PIECES = [
  '/',
  '%',
  '%2',
  '%zz',
  '%00',
  '%2e%2e',
  '..',
  '.',
  '%2F',
  'talk',
  'handout',
  'handout.pdf',
  'slides.html',
  '.lectern-build',
  '.handout.pdf.1.0.tmp',
  'etclink',
  'passwd',
  '__lectern',
  'events',
  '?',
  '#',
  '\\',
  '\u00e9',
  '测试',
  '%E6%B5',
  '%C0%AE',
  '//',
  ' ',
  '\t',
  '\r',
  '\n',
  'a'.repeat(300),
];

function randomTarget(r: () => number): string {
  let t = r() < 0.9 ? '/' : pick(r, ['', '*', 'http://evil/', 'x']);
  for (let i = int(r, 0, 6); i > 0; i--) t += pick(r, PIECES);
  return t;
}

function randomRequest(r: () => number, port: number): string {
  const host = pick(r, [
    `localhost:${port}`,
    `127.0.0.1:${port}`,
    `[::1]:${port}`,
    'evil.example',
    `evil.example:${port}`,
    'localhost',
    '',
    `LOCALHOST:${port}`,
    `localhost:${port}\r\nHost: evil`,
  ]);
  const version = pick(r, ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/x', '']);
  const line = `${pick(r, METHODS)} ${randomTarget(r)} ${version}`;
  const headers = r() < 0.9 ? `Host: ${host}\r\n` : '';
  const extra = r() < 0.2 ? `Content-Length: ${int(r, -5, 50)}\r\n` : '';
  const junk = r() < 0.1 ? String.fromCharCode(...Array.from({ length: int(r, 1, 40) }, () => int(r, 0, 255))) : '';
  return `${line}\r\n${headers}${extra}Connection: close\r\n${junk}\r\n`;
}

test('preview server: a seeded fuzz of request lines never crashes it or leaks out/', async () => {
  const out = tempDir();
  mkdirSync(join(out, 'talk'));
  writeFileSync(join(out, 'talk', 'handout.pdf'), 'PDF');
  writeFileSync(join(out, 'talk', '.lectern-build'), 'SECRET-FINGERPRINT');
  writeFileSync(join(out, 'talk', '.handout.pdf.1.0.tmp'), 'SECRET-TEMP');
  symlinkSync('/etc', join(out, 'etclink'));
  const server = await startPreviewServer(out, 0);
  const r = rng(SEED);
  const n = cases(400);
  const statuses = new Map<number, number>();
  try {
    for (let i = 0; i < n; i++) {
      const req = randomRequest(r, server.port);
      const a = await rawRequest(server.port, req, 2000);
      statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      assert.ok(
        [0, 200, 400, 403, 404, 405, 500].includes(a.status),
        `case ${i}: ${a.status} for ${JSON.stringify(req)}`,
      );
      assert.doesNotMatch(a.text, /SECRET|root:x:0/, `case ${i} leaked: ${JSON.stringify(req)}`);
      if (a.status === 200) {
        const host = /\r\nHost: ([^\r]*)\r\n/.exec(req)?.[1]?.toLowerCase() ?? '';
        assert.ok(
          [`localhost:${server.port}`, `127.0.0.1:${server.port}`, `[::1]:${server.port}`].includes(host),
          `200 for Host ${host}`,
        );
        assert.match(req, /^(GET|HEAD) /, `200 for ${JSON.stringify(req.slice(0, 20))}`);
      }
      if (i % 50 === 49) {
        const ok = await rawRequest(
          server.port,
          `GET / HTTP/1.1\r\nHost: localhost:${server.port}\r\nConnection: close\r\n\r\n`,
        );
        assert.equal(ok.status, 200, `still answering after case ${i}`);
      }
    }
  } finally {
    await server.close();
  }
  process.stdout.write(`# serve fuzz: ${n} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`);
});

test('watch --serve in its own process survives the classic attacks and still rebuilds', async () => {
  const dir = project({ 'content/talk.txt': smallTranscript() });
  const w = lecternAsync(['watch', '--serve', '--port', '0'], dir);
  try {
    const t0 = Date.now();
    while (!/watching/.test(w.output().stdout)) {
      if (Date.now() - t0 > 90_000 || w.child.exitCode !== null) assert.fail(w.output().stdout + w.output().stderr);
      await new Promise((res) => setTimeout(res, 100));
    }
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(w.output().stdout)![1]);
    const ask = (req: string) => rawRequest(port, req);
    assert.equal((await ask(`GET /% HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`)).status, 400);
    assert.equal((await ask(`GET / HTTP/1.1\r\nHost: evil.example:${port}\r\nConnection: close\r\n\r\n`)).status, 403);
    assert.equal(
      (await ask(`DELETE /talk/handout.pdf HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`)).status,
      405,
    );
    assert.equal((await ask(`HEAD /__lectern/events HTTP/1.1\r\nHost: localhost:${port}\r\n\r\n`)).status, 200);
    for (let i = 0; i < 10; i++)
      await rawRequest(port, `GET /talk/handout.pdf HTTP/1.1\r\nHost: localhost:${port}\r\n\r\n`, 5);
    writeFileSync(join(dir, 'content', 'talk.txt'), smallTranscript().replace('规划先行', '规划必须先行'));
    const t1 = Date.now();
    while (!/rebuilt content\/talk\.txt \(talk\.txt changed\)/.test(w.output().stdout)) {
      if (Date.now() - t1 > 90_000 || w.child.exitCode !== null) assert.fail(w.output().stdout + w.output().stderr);
      await new Promise((res) => setTimeout(res, 100));
    }
    assert.equal(
      (await ask(`GET /talk/handout.pdf HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`)).status,
      200,
    );
  } finally {
    await stopWatch(w);
  }
  assert.equal(w.child.exitCode ?? 0, 0, w.output().stderr);
});
