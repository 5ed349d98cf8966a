// The bench's peer: typst through its Node binding (@myriaddreamin/typst-ts-node-compiler, a dev
// dependency). Run as its own process, like lectern:
//   node bench/typst-peer.mjs cold <main.typ> <out.pdf> [timing.json]
//       a cold build: load the binding, create the compiler, compile, write the PDF
//   node bench/typst-peer.mjs batch <list.json> [timing.json]
//       many documents in one process: load the binding, create one compiler, then compile and write
//       each [main.typ, out.pdf] of the list in turn
//   node bench/typst-peer.mjs batch-per-core <list.json> <timing.json>
//       the peer's side of lectern's batch: the list dealt out to one `batch` process per core, as a
//       user would batch typst on all cores (typst compiles one document on ~1.2 cores); the report
//       holds the time from starting them to the last one's exit (this process's own start-up, which
//       a shell's `xargs -P` would not add, left out), their CPU summed and their largest peak memory
//   node bench/typst-peer.mjs serve <main.typ>      (forked, with an IPC channel)
//       one compiler kept warm; each message { source, out } → incremental recompile + PDF + write,
//       answered with { ms } (that whole time, measured here)
//
// Fonts: the binding takes extra font folders (fontArgs.fontPaths) but has no switch for system fonts;
// it always searches them through fontdb, which reads the fontconfig file named by FONTCONFIG_FILE.
// `peerEnv` points that at a fonts.conf naming only the Noto CJK folder, so the folder given is the
// only font folder (typst's own embedded fonts remain, as in the typst CLI with --ignore-system-fonts).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NOTO_CJK_DIR = '/usr/share/fonts/opentype/noto';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const requireHere = createRequire(join(root, 'package.json'));

/** Why the peer cannot run here, or null when it can. */
export function peerMissing() {
  try {
    requireHere.resolve('@myriaddreamin/typst-ts-node-compiler');
  } catch {
    return 'the dev dependency @myriaddreamin/typst-ts-node-compiler is not installed (npm ci)';
  }
  if (!existsSync(join(NOTO_CJK_DIR, 'NotoSerifCJK-Regular.ttc')))
    return `the Noto CJK fonts are missing (${NOTO_CJK_DIR}; Debian package fonts-noto-cjk)`;
  return null;
}

/** The environment for a peer process: fontconfig sees the Noto CJK folder only. */
export function peerEnv() {
  const conf = join(mkdtempSync(join(tmpdir(), 'lectern-bench-fc-')), 'fonts.conf');
  writeFileSync(
    conf,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>${NOTO_CJK_DIR}</dir></fontconfig>\n`,
  );
  return { ...process.env, FONTCONFIG_FILE: conf };
}

function createCompiler(mainFile) {
  const { NodeCompiler } = requireHere('@myriaddreamin/typst-ts-node-compiler');
  return NodeCompiler.create({ workspace: dirname(mainFile), fontArgs: [{ fontPaths: [NOTO_CJK_DIR] }] });
}

function compileToPdf(compiler, mainFile) {
  const r = compiler.compile({ mainFilePath: mainFile });
  if (!r.result) {
    r.printDiagnostics();
    throw new Error(`typst could not compile ${mainFile}`);
  }
  return compiler.pdf(r.result);
}

/** The timing report's fields that lectern's gives too (src/cli.ts): peak memory, the process's CPU */
function usage() {
  const u = process.resourceUsage();
  return { maxRssKb: u.maxRSS, processCpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 };
}

const [mode, mainArg, outArg, timingArg] = process.argv.slice(2);
if (mode === 'cold') {
  const main = resolve(mainArg);
  writeFileSync(outArg, compileToPdf(createCompiler(main), main));
  if (timingArg) writeFileSync(timingArg, JSON.stringify(usage()));
} else if (mode === 'batch') {
  const list = JSON.parse(readFileSync(mainArg, 'utf8')).map(([main, out]) => [resolve(main), out]);
  const compiler = createCompiler(list[0][0]);
  for (const [main, out] of list) writeFileSync(out, compileToPdf(compiler, main));
  if (outArg) writeFileSync(outArg, JSON.stringify(usage()));
} else if (mode === 'batch-per-core') {
  const list = JSON.parse(readFileSync(mainArg, 'utf8'));
  const cores = Math.min(availableParallelism(), list.length);
  const dir = mkdtempSync(join(tmpdir(), 'lectern-bench-typst-batch-'));
  const parts = Array.from({ length: cores }, (_, k) => {
    const part = join(dir, `list-${k}.json`);
    writeFileSync(part, JSON.stringify(list.filter((_, i) => i % cores === k)));
    return { part, report: join(dir, `timing-${k}.json`) };
  });
  const t0 = process.hrtime.bigint();
  const exits = parts.map(
    ({ part, report }) =>
      new Promise((done, fail) =>
        spawn(process.execPath, [fileURLToPath(import.meta.url), 'batch', part, report], { stdio: 'inherit' }).on(
          'exit',
          (code) => (code === 0 ? done() : fail(new Error(`typst batch ${part} exited with ${code}`))),
        ),
      ),
  );
  await Promise.all(exits);
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const reports = parts.map(({ report }) => JSON.parse(readFileSync(report, 'utf8')));
  writeFileSync(
    outArg,
    JSON.stringify({
      processes: cores,
      wallMs,
      processCpuMs: reports.reduce((sum, r) => sum + r.processCpuMs, 0),
      maxRssKb: Math.max(...reports.map((r) => r.maxRssKb)),
    }),
  );
} else if (mode === 'serve') {
  const main = resolve(mainArg);
  const compiler = createCompiler(main);
  compileToPdf(compiler, main); // the first, cold compilation
  process.on('message', ({ source, out }) => {
    const t0 = process.hrtime.bigint();
    compiler.addSource(main, source);
    writeFileSync(out, compileToPdf(compiler, main));
    process.send({ ms: Number(process.hrtime.bigint() - t0) / 1e6 });
  });
  process.send({ ready: true });
}
