// Preview server for `lectern watch --serve`: serves out/ on localhost with an index of documents.
// HTML pages get a small script that listens on /__lectern/events (server-sent events) and reloads
// after a rebuild; the handout is shown in a viewer page whose PDF frame reloads the same way.
import { constants, existsSync, readdirSync } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream';
import { LecternError } from '../errors';

export interface PreviewServer {
  port: number;
  url: string;
  /** Tells open pages of `doc` (a folder name in out/) to reload */
  notify(doc: string): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.pdf': 'application/pdf',
  '.md': 'text/markdown; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Reload script: `doc` is the document the page shows; `frame` reloads only an iframe. */
function reloadScript(doc: string, frame: boolean): string {
  const action = frame
    ? `var f=document.getElementById('pdf');f.src=f.src.replace(/\\?.*$/,'')+'?v='+Date.now();`
    : 'location.reload();';
  return `<script>(function(){var es=new EventSource('/__lectern/events');es.onmessage=function(e){if(e.data===${JSON.stringify(doc)}||e.data==='*'){${action}}};})();</script>`;
}

function documents(outRoot: string): string[] {
  if (!existsSync(outRoot)) return [];
  return readdirSync(outRoot, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

function indexPage(outRoot: string): string {
  const rows = documents(outRoot)
    .map((d) => {
      const q = encodeURIComponent(d);
      const links = [
        existsSync(join(outRoot, d, 'slides.html')) ? `<a href="/${q}/slides.html">slides</a>` : '',
        existsSync(join(outRoot, d, 'handout.pdf')) ? `<a href="/${q}/handout">handout</a>` : '',
        existsSync(join(outRoot, d, 'slides.md')) ? `<a href="/${q}/slides.md">slides.md</a>` : '',
      ].filter(Boolean);
      return `<li><strong>${escapeHtml(d)}</strong> — ${links.join(' · ')}</li>`;
    })
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>lectern preview</title>
<style>body{font:16px/1.6 system-ui,sans-serif;margin:2em auto;max-width:48em}li{margin:.4em 0}</style>
<h1>lectern preview</h1><ul>${rows || '<li>nothing built yet</li>'}</ul>${reloadScript('*', false)}</html>`;
}

function handoutPage(doc: string): string {
  const q = encodeURIComponent(doc);
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>${escapeHtml(doc)} — handout</title>
<style>html,body{margin:0;height:100%}iframe{border:0;width:100%;height:100%}</style>
<iframe id="pdf" src="/${q}/handout.pdf?v=0"></iframe>${reloadScript(doc, true)}</html>`;
}

/** Why a request is refused: status and a short plain-text body. */
class Refusal {
  constructor(
    readonly status: number,
    readonly text: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

/**
 * The decoded path of a request target, or a Refusal: only origin-form targets (`/…`), valid
 * percent-escapes, no NUL, and no segment that starts with a dot (temp files, the fingerprint, the lock).
 */
export function requestPath(target: string | undefined): string | Refusal {
  const raw = (target ?? '/').split(/[?#]/, 1)[0]!;
  if (!raw.startsWith('/')) return new Refusal(400, 'bad request target');
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return new Refusal(400, 'bad percent-escape in the path');
  }
  if (path.includes('\0') || path.includes('\\')) return new Refusal(400, 'bad character in the path');
  if (path.split('/').some((seg) => seg.startsWith('.'))) return new Refusal(404, 'not found');
  return path;
}

/** Only this machine's names for the server: a page of another origin (DNS rebinding) is refused. */
export function hostAllowed(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`].includes(host.toLowerCase());
}

/** Checks a --port value: a whole number from 0 (any free port) to 65535. */
export function checkPort(port: unknown): number {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new LecternError('--port', `is ${String(port)}`, {
      hint: 'use a whole number from 1 to 65535 (0 for any free port)',
    });
  return port;
}

export async function startPreviewServer(outRoot: string, port: number): Promise<PreviewServer> {
  checkPort(port);
  const clients = new Set<ServerResponse>();
  let bound = -1;

  /** The real path of a file inside out/ (symlinks resolved and still inside), else undefined. */
  async function fileInOut(path: string): Promise<string | undefined> {
    const file = normalize(join(outRoot, path));
    try {
      const [real, rootReal] = await Promise.all([realpath(file), realpath(outRoot)]);
      return real.startsWith(rootReal + sep) ? real : undefined;
    } catch {
      return undefined;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, bound)) throw new Refusal(403, 'unknown host');
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) throw new Refusal(405, 'method not allowed', { allow: 'GET, HEAD' });
    const path = requestPath(req.url);
    if (path instanceof Refusal) throw path;
    if (path === '/__lectern/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      if (head) {
        res.end();
        return;
      }
      res.write(': connected\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    const page = (html: string): void => {
      res.writeHead(200, { 'content-type': TYPES['.html']!, 'cache-control': 'no-store' });
      res.end(head ? undefined : html);
    };
    if (path === '/') return page(indexPage(outRoot));
    const handout = /^\/([^/]+)\/handout\/?$/.exec(path);
    if (handout) return page(handoutPage(handout[1]!));

    const file = await fileInOut(path);
    if (!file) throw new Refusal(404, 'not found');
    // O_NONBLOCK: opening a FIFO must not wait for a writer (it would hold a libuv thread forever)
    const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => undefined);
    if (!handle) throw new Refusal(404, 'not found');
    let streamed = false;
    try {
      const st = await handle.stat();
      if (!st.isFile()) throw new Refusal(404, 'not found');
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      if (extname(file) === '.html') {
        const doc = path.split('/')[1] ?? '';
        const html = await handle.readFile('utf8');
        const script = reloadScript(doc, false);
        return page(
          html.includes('</body>') ? html.replace(/<\/body>(?![\s\S]*<\/body>)/, `${script}</body>`) : html + script,
        );
      }
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', 'content-length': String(st.size) });
      if (head) {
        res.end();
        return;
      }
      // pipeline closes the file when the download ends, fails or is aborted by the client
      streamed = true;
      pipeline(handle.createReadStream(), res, () => {});
    } finally {
      if (!streamed) await handle.close().catch(() => {});
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const r = e instanceof Refusal ? e : new Refusal(500, 'cannot read the file');
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(r.status, { 'content-type': 'text/plain; charset=utf-8', ...r.headers });
      res.end(r.text);
    });
  });
  // a malformed request line or header: answer 400 and close, never throw
  server.on('clientError', (_e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });

  const listen = (p: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const onError = (e: NodeJS.ErrnoException): void => {
        server.off('listening', onListening);
        reject(e);
      };
      const onListening = (): void => {
        server.off('error', onError);
        const a = server.address();
        resolve(typeof a === 'object' && a ? a.port : p);
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(p, '127.0.0.1');
    });

  // The port asked for, else the next ones, else any free port.
  const candidates = port === 0 ? [0] : [port, ...Array.from({ length: 10 }, (_, i) => port + i + 1), 0];
  for (const p of candidates.filter((p) => p <= 65535)) {
    try {
      bound = await listen(p);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' && (e as NodeJS.ErrnoException).code !== 'EACCES') throw e;
    }
  }
  return {
    port: bound,
    url: `http://127.0.0.1:${bound}/`,
    notify(doc: string) {
      for (const c of clients) c.write(`data: ${doc}\n\n`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of clients) c.end();
        clients.clear();
        (server as Server).close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
