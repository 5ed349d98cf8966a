// The command line: build, check, import (and watch). User errors print one line
// `file:line: message` and exit 2; no stack traces unless LECTERN_DEBUG is set.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { escapeControls, formatError } from './errors';
import { packageRoot } from './paths';
import type { Diagnostic } from './model';

const EXIT_ERROR = 2;

function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

function formatDiagnostic(d: Diagnostic): string {
  return escapeControls(`${d.file}:${d.line}: ${d.severity}: ${d.message}`);
}

function reportError(e: unknown): void {
  process.stderr.write(`lectern: ${formatError(e)}\n`);
}

interface BuildArgs {
  paths: string[];
  '--'?: (string | number)[];
  out?: string;
  paper?: string;
  date?: string;
  'part-break'?: string;
  punctuation?: string;
  'slides-pdf'?: boolean;
  'slides-pptx'?: boolean;
  force?: boolean;
  quiet?: boolean;
  shard?: string;
}

async function runBuild(args: BuildArgs): Promise<number> {
  const t0 = performance.now();
  const { collectTranscripts, planOutputs, resolveOutRoot } = await import('./pipeline');
  const { buildMany } = await import('./pipeline/batch');
  const { loadFontConfig, FontSet } = await import('./fonts');
  const { loadSettings } = await import('./settings');
  const { Timer } = await import('./pipeline/timer');
  const projectRoot = process.cwd();
  const timer = new Timer();
  let failures = 0;
  try {
    const settings = loadSettings(projectRoot, {
      paper: args.paper,
      date: args.date,
      partBreak: args['part-break'],
      punctuation: args.punctuation,
      slidesPdf: args['slides-pdf'],
      slidesPptx: args['slides-pptx'],
    });
    const fonts = new FontSet(loadFontConfig(projectRoot));
    // paths after `--` (a transcript named -dash.txt) count as paths too
    const paths = [...args.paths, ...(args['--'] ?? []).map(String)];
    let files = collectTranscripts(paths.length ? paths : ['content']);
    if (args.shard !== undefined) {
      const { parseShard, selectShard } = await import('./pipeline/shard');
      const shard = parseShard(args.shard);
      files = selectShard(files, shard, projectRoot);
      // A small catalogue may leave a part empty: that part has nothing to do, which is no error.
      if (files.length === 0) {
        if (!args.quiet) process.stdout.write(`no transcripts in part ${shard.index}/${shard.count}\n`);
        return 0;
      }
    }
    if (files.length === 0) {
      process.stderr.write(`lectern: no transcripts (.txt, .md) in ${args.paths.join(', ') || 'content'}\n`);
      return EXIT_ERROR;
    }
    const outRoot = resolveOutRoot(args.out, projectRoot);
    planOutputs(files, outRoot); // two transcripts into one folder, or a name leaving --out: refused
    await buildMany(files, outRoot, settings, fonts, { force: args.force }, timer, (o) => {
      if ('error' in o) {
        failures++;
        process.stderr.write(`lectern: ${o.error}\n`);
        return;
      }
      const r = o.result;
      for (const w of r.warnings) process.stderr.write(`${formatDiagnostic(w)}\n`);
      if (args.quiet) return;
      const where = relative(projectRoot, r.outDir) || r.outDir;
      process.stdout.write(
        r.skipped
          ? `unchanged ${o.file} → ${where}/\n`
          : `built ${o.file} → ${where}/ (${r.slides} slides, ${r.pages} handout pages)\n`,
      );
    });
  } catch (e) {
    reportError(e);
    return EXIT_ERROR;
  }
  writeTimingReport(timer.toJSON(), t0);
  return failures ? EXIT_ERROR : 0;
}

/**
 * For bench/: with LECTERN_TIMING_JSON=<file>, write the phase timings, the time from process start
 * to the command (node start-up plus loading the CLI bundle) and the peak memory.
 */
function writeTimingReport(phases: Record<string, number>, commandStart: number): void {
  const file = process.env.LECTERN_TIMING_JSON;
  if (!file) return;
  const report = {
    startupMs: Math.round(commandStart * 100) / 100,
    commandMs: Math.round((performance.now() - commandStart) * 100) / 100,
    totalMs: Math.round(performance.now() * 100) / 100,
    phases,
    maxRssKb: process.resourceUsage().maxRSS,
  };
  writeFileSync(file, JSON.stringify(report));
}

/** The one file `check`/`import` work on: the positional, or the first path after `--`; else a usage error. */
function fileArgument(a: { file?: unknown; '--'?: unknown[] }, command: string): string | undefined {
  const file = typeof a.file === 'string' ? a.file : a['--']?.[0] !== undefined ? String(a['--'][0]) : undefined;
  if (file === undefined)
    process.stderr.write(
      `lectern: ${command} needs a transcript file: lectern ${command} <file>\nRun lectern --help for usage.\n`,
    );
  return file;
}

async function runCheck(args: { file: string | undefined; json?: boolean; strict?: boolean }): Promise<number> {
  if (args.file === undefined) return EXIT_ERROR;
  const { readDocument } = await import('./source');
  const { documentToJson } = await import('./model');
  try {
    const doc = readDocument(args.file);
    if (args.json) {
      process.stdout.write(`${JSON.stringify(documentToJson(doc), null, 2)}\n`);
      for (const w of doc.warnings) process.stderr.write(`${formatDiagnostic(w)}\n`);
      return args.strict && doc.warnings.length ? 1 : 0;
    }
    const { formatCheck, checkExitCode } = await import('./check');
    // transcript text in the report: control characters shown escaped, never sent to the terminal
    process.stdout.write(formatCheck(doc).split('\n').map(escapeControls).join('\n'));
    return checkExitCode(doc, Boolean(args.strict));
  } catch (e) {
    reportError(e);
    return EXIT_ERROR;
  }
}

async function runImport(args: { file: string | undefined; force?: boolean }): Promise<number> {
  if (args.file === undefined) return EXIT_ERROR;
  const { importTranscript } = await import('./source/import');
  try {
    const written = importTranscript(args.file, Boolean(args.force));
    process.stdout.write(`wrote ${written}\n`);
    return 0;
  } catch (e) {
    reportError(e);
    return EXIT_ERROR;
  }
}

interface WatchArgs {
  paths: string[];
  '--'?: (string | number)[];
  out?: string;
  paper?: string;
  date?: string;
  'part-break'?: string;
  punctuation?: string;
  serve?: boolean;
  port: number;
}

async function runWatch(args: WatchArgs): Promise<number> {
  const { watch } = await import('./watch');
  try {
    const w = await watch({
      paths: [...args.paths, ...(args['--'] ?? []).map(String)],
      out: args.out,
      projectRoot: process.cwd(),
      overrides: {
        paper: args.paper,
        date: args.date,
        partBreak: args['part-break'],
        punctuation: args.punctuation,
      },
      serve: args.serve,
      port: args.port,
      log: (l) => process.stdout.write(`${l}\n`),
      warn: (l) => process.stderr.write(`${l}\n`),
    });
    await w.ready;
    await new Promise<void>((resolve) => {
      const stop = (): void => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await w.close();
    return 0;
  } catch (e) {
    reportError(e);
    return EXIT_ERROR;
  }
}

/** The options `build` and `watch` share: what to build, where, on which paper, with which date. */
function outputOptions<T>(y: Argv<T>) {
  return y
    .positional('paths', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: 'transcript files (.txt, .md) or folders (default content/)',
    })
    .option('out', { alias: 'o', type: 'string', describe: 'output folder (default out/)' })
    .option('paper', { type: 'string', describe: 'handout paper size: A4, B5 or A5' })
    .option('date', { type: 'string', describe: 'date printed on the handout cover' })
    .option('part-break', {
      type: 'string',
      describe: 'handout parts: auto (run on, default) or page (each on a new page)',
    })
    .option('punctuation', {
      type: 'string',
      describe: 'handout punctuation style: 全角 quanjiao (default), 开明 kaiming, 半角 banjiao',
    });
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  await yargs(argv)
    .scriptName('lectern')
    .parserConfiguration({ 'populate--': true })
    .usage(
      '$0 <command> [options]\n\nTurns a Chinese training transcript into a Marp slide deck and a typeset PDF handout.',
    )
    .command(
      'build [paths..]',
      'build transcripts (files or folders; default content/) into out/<name>/',
      (y) =>
        outputOptions(y)
          .option('slides-pdf', {
            type: 'boolean',
            describe: 'also export slides.pdf (needs Chromium: CHROME_PATH or chromium on PATH)',
          })
          .option('slides-pptx', {
            type: 'boolean',
            describe: 'also export slides.pptx: slide pictures with presenter notes (needs Chromium)',
          })
          .option('force', { alias: 'f', type: 'boolean', describe: 'rebuild even if nothing changed' })
          .option('quiet', { alias: 'q', type: 'boolean', describe: 'print only warnings and errors' })
          .option('shard', {
            type: 'string',
            describe: 'build only part K of N (K/N) of the transcripts, by a stable hash of each path',
          }),
      async (a) => {
        code = await runBuild(a as unknown as BuildArgs);
      },
    )
    .command(
      'check [file]',
      'print the recognised outline, normalisation changes and warnings',
      (y) =>
        y
          .positional('file', { type: 'string', describe: 'the transcript (after `--` if its name starts with -)' })
          .option('json', { type: 'boolean', describe: 'print the document model as JSON (see README)' })
          .option('strict', { type: 'boolean', describe: 'exit 1 when there are warnings' }),
      async (a) => {
        code = await runCheck({ ...(a as { json?: boolean; strict?: boolean }), file: fileArgument(a, 'check') });
      },
    )
    .command(
      'import [file]',
      'write an editable .md (front matter + headings) next to a .txt transcript',
      (y) =>
        y
          .positional('file', { type: 'string', describe: 'the transcript (after `--` if its name starts with -)' })
          .option('force', { alias: 'f', type: 'boolean', describe: 'overwrite an existing .md' }),
      async (a) => {
        code = await runImport({ ...(a as { force?: boolean }), file: fileArgument(a, 'import') });
      },
    )
    .command(
      'watch [paths..]',
      'build, then rebuild whenever a transcript, template, theme, font or lectern.json changes',
      (y) =>
        outputOptions(y)
          .option('serve', { type: 'boolean', describe: 'serve out/ on localhost with live reload' })
          .option('port', { type: 'number', default: 8080, describe: 'preview port (the next free one if taken)' }),
      async (a) => {
        code = await runWatch(a as unknown as WatchArgs);
      },
    )
    .demandCommand(1, 'name a command: build, check, import or watch')
    .strict()
    .version(version())
    .help()
    .fail((msg, err) => {
      if (err) throw err;
      // yargs may report several problems of one command line: the first is enough
      if (code !== EXIT_ERROR) process.stderr.write(`lectern: ${msg}\nRun lectern --help for usage.\n`);
      code = EXIT_ERROR;
    })
    .parseAsync();
  return code;
}

export async function run(): Promise<void> {
  try {
    process.exitCode = await main(hideBin(process.argv));
  } catch (e) {
    reportError(e);
    process.exitCode = EXIT_ERROR;
  }
}
