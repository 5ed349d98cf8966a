// Preview server for `lectern watch --serve`: serves out/ on localhost with an index of documents.
// HTML pages get a small script that listens on /__lectern/events (server-sent events) and reloads
// after a rebuild; the handout is shown in a viewer page whose PDF frame reloads the same way.
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

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

export async function startPreviewServer(outRoot: string, port: number): Promise<PreviewServer> {
  const clients = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (path === '/__lectern/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (path === '/') {
      res.writeHead(200, { 'content-type': TYPES['.html']!, 'cache-control': 'no-store' });
      res.end(indexPage(outRoot));
      return;
    }
    const handout = /^\/([^/]+)\/handout\/?$/.exec(path);
    if (handout) {
      res.writeHead(200, { 'content-type': TYPES['.html']!, 'cache-control': 'no-store' });
      res.end(handoutPage(handout[1]!));
      return;
    }
    const file = normalize(join(outRoot, path));
    if (!file.startsWith(normalize(outRoot) + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found');
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    if (extname(file) === '.html') {
      const doc = path.split('/')[1] ?? '';
      const html = readFileSync(file, 'utf8');
      const script = reloadScript(doc, false);
      res.end(
        html.includes('</body>') ? html.replace(/<\/body>(?![\s\S]*<\/body>)/, `${script}</body>`) : html + script,
      );
      return;
    }
    createReadStream(file).pipe(res);
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
  let bound = -1;
  for (const p of [port, ...Array.from({ length: 10 }, (_, i) => port + i + 1), 0]) {
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
