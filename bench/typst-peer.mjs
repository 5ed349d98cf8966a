// The bench's peer: typst through its Node binding (@myriaddreamin/typst-ts-node-compiler, a dev
// dependency). Run as its own process, like lectern:
//   node bench/typst-peer.mjs cold <main.typ> <out.pdf> [timing.json]
//       a cold build: load the binding, create the compiler, compile, write the PDF
//   node bench/typst-peer.mjs serve <main.typ>      (forked, with an IPC channel)
//       one compiler kept warm; each message { source, out } → incremental recompile + PDF + write,
//       answered with { ms } (that whole time, measured here)
//
// Fonts: the binding takes extra font folders (fontArgs.fontPaths) but has no switch for system fonts;
// it always searches them through fontdb, which reads the fontconfig file named by FONTCONFIG_FILE.
// `peerEnv` points that at a fonts.conf naming only the Noto CJK folder, so the folder given is the
// only font folder (typst's own embedded fonts remain, as in the typst CLI with --ignore-system-fonts).
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
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

const [mode, mainArg, outArg, timingArg] = process.argv.slice(2);
if (mode === 'cold') {
  const main = resolve(mainArg);
  writeFileSync(outArg, compileToPdf(createCompiler(main), main));
  if (timingArg) writeFileSync(timingArg, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
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
