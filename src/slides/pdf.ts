// Optional slides.pdf (and slides.pptx) through marp-cli and a Chromium-family browser. marp-cli renders slides.md with
// the same marp-core options, our theme (with the subset font embedded, so the PDF does not depend on
// the fonts of the machine) and the CJK-friendly emphasis rule, then prints with the browser.
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MARP_OPTIONS } from './render';

const BROWSER_NAMES = [
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-stable',
  'chrome',
  'microsoft-edge',
];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A Chromium-family browser: CHROME_PATH if set, else the first of the usual names on PATH. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.CHROME_PATH) return executable(env.CHROME_PATH) ? env.CHROME_PATH : null;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of BROWSER_NAMES) {
      const p = join(dir, name);
      if (executable(p)) return p;
    }
  }
  return null;
}

export interface PdfInput {
  markdown: string;
  /** Document title for the PDF's metadata */
  title: string;
  /** Theme CSS with the web font's @font-face rules prepended */
  themeCss: string;
  browserPath: string;
}

/** Converts slides.md to PDF bytes with marp-cli. Throws with marp-cli's message on failure. */
export function exportPdf(input: PdfInput): Promise<Buffer> {
  return exportWithMarpCli(input, 'pdf');
}

/**
 * Converts slides.md to PPTX bytes with marp-cli: one picture per slide, the presenter notes as the
 * slides' notes (marp-cli's editable PPTX needs LibreOffice and drops notes, so it is not used).
 */
export function exportPptx(input: PdfInput): Promise<Buffer> {
  return exportWithMarpCli(input, 'pptx');
}

async function exportWithMarpCli(input: PdfInput, format: 'pdf' | 'pptx'): Promise<Buffer> {
  const require = createRequire(import.meta.url);
  // node:os on first use: only an export needs it, and a cold slide worker's deck never exports
  const dir = mkdtempSync(join(process.getBuiltinModule('node:os').tmpdir(), 'lectern-slides-'));
  const restoreSandbox = process.env.CHROME_NO_SANDBOX;
  try {
    const md = join(dir, 'slides.md');
    const target = join(dir, `slides.${format}`);
    writeFileSync(md, input.markdown);
    writeFileSync(join(dir, 'theme.css'), input.themeCss);
    const core = pathToFileURL(require.resolve('@marp-team/marp-core')).href;
    const cjk = pathToFileURL(require.resolve('markdown-it-cjk-friendly')).href;
    writeFileSync(
      join(dir, 'engine.mjs'),
      `import { Marp } from ${JSON.stringify(core)};\nimport cjk from ${JSON.stringify(cjk)};\n` +
        'export default (options) => new Marp(options).use(cjk);\n',
    );
    writeFileSync(
      join(dir, 'marp.config.json'),
      JSON.stringify({
        engine: join(dir, 'engine.mjs'),
        options: MARP_OPTIONS,
        themeSet: [join(dir, 'theme.css')],
        browserPath: input.browserPath,
        title: input.title,
        [format]: true,
      }),
    );
    // Chromium refuses to run as root without --no-sandbox (CI containers)
    if (process.getuid?.() === 0) process.env.CHROME_NO_SANDBOX = '1';
    const { marpCli } = await import('@marp-team/marp-cli');
    // marp-cli has no quiet mode: keep its progress lines out of lectern's output, show them on failure
    const log: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string | Uint8Array) => {
      log.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    let status: number;
    try {
      status = await marpCli(['--config-file', join(dir, 'marp.config.json'), md, '-o', target]);
    } catch (e) {
      throw new Error(`marp-cli: ${(e as Error).message}`);
    } finally {
      process.stderr.write = write;
    }
    if (status !== 0) {
      const reason = log
        .join('')
        .replace(/\x1b\[[0-9;]*m/g, '')
        .trim()
        .split('\n')
        .pop();
      throw new Error(`marp-cli exited with status ${status}${reason ? `: ${reason}` : ''}`);
    }
    return readFileSync(target);
  } finally {
    if (restoreSandbox === undefined) delete process.env.CHROME_NO_SANDBOX;
    else process.env.CHROME_NO_SANDBOX = restoreSandbox;
    rmSync(dir, { recursive: true, force: true });
  }
}
