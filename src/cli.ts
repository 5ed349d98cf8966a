// The command line: build, check, import, watch and init. User errors print one line
// `file:line: message` and exit 2; no stack traces unless LECTERN_DEBUG is set.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Argv, Options } from 'yargs';
import { escapeControls, formatError } from './errors';
import { findProjectRoot, packageRoot, type ProjectRoot } from './paths';
import type { Diagnostic } from './model';

const EXIT_ERROR = 2;
/** How long `watch` may take to stop after Ctrl-C or SIGTERM (a running build finishing) */
const WATCH_STOP_MS = 10_000;

function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

function formatDiagnostic(d: Diagnostic): string {
  return escapeControls(`${d.file}:${d.line}: ${d.severity}: ${d.message}`);
}

function reportError(e: unknown): void {
  process.stderr.write(`lectern: ${formatError(e)}\n`);
}

/** The command-line options `build` and `watch` share (the same names, the same meaning). */
interface OutputArgs {
  paths: string[];
  '--'?: (string | number)[];
  out?: string;
  project?: string;
  paper?: string;
  'body-size'?: string;
  date?: string;
  'part-break'?: string;
  punctuation?: string;
  'slides-pdf'?: boolean;
  'slides-pptx'?: boolean;
}

interface BuildArgs extends OutputArgs {
  force?: boolean;
  quiet?: boolean;
  shard?: string;
}

/** Where a build or watch works: the project root, the transcripts and the output folder. */
interface Workplace {
  project: ProjectRoot;
  /** Transcript paths (files or folders), relative to the current folder as given */
  paths: string[];
  outRoot: string;
}

/**
 * Paths on the command line are relative to the current folder; without any, the project's content/.
 * The outputs go to --out (relative to the current folder) or the project's out/ — never a content/out/
 * made by running inside content/.
 */
function workplace(args: OutputArgs): Workplace {
  // paths after `--` (a transcript named -dash.txt) count as paths too
  const given = [...args.paths, ...(args['--'] ?? []).map(String)];
  const project = findProjectRoot({ project: args.project, start: given[0] });
  const paths = given.length ? given : [relative(process.cwd(), join(project.dir, 'content')) || '.'];
  const outRoot = args.out ? resolve(args.out) : join(project.dir, 'out');
  return { project, paths, outRoot };
}

function describeProject(p: ProjectRoot): string {
  const why =
    p.how === 'option'
      ? 'from --project'
      : p.how === 'cwd'
        ? 'the current folder: no lectern.json or package.json above the transcripts'
        : `holds ${p.how}`;
  return `project ${p.dir} (${why})`;
}

function settingsOverrides(args: OutputArgs) {
  return {
    paper: args.paper,
    bodySize: args['body-size'],
    date: args.date,
    partBreak: args['part-break'],
    punctuation: args.punctuation,
    slidesPdf: args['slides-pdf'],
    slidesPptx: args['slides-pptx'],
  };
}

/** Shown relative to the current folder when inside it, else absolute. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith(`..${sep}..`) ? rel : path;
}

async function runBuild(args: BuildArgs): Promise<number> {
  const t0 = performance.now();
  const { collectTranscripts, ignoredTranscripts, planOutputs } = await import('./pipeline');
  const { buildMany } = await import('./pipeline/batch');
  const { loadFontConfig, FontSet } = await import('./fonts');
  const { loadSettings } = await import('./settings');
  const { Timer } = await import('./pipeline/timer');
  const timer = new Timer();
  timer.add('modules', performance.now() - t0);
  let failures = 0;
  const tSettings = performance.now();
  try {
    const { project, paths, outRoot } = workplace(args);
    const projectRoot = project.dir;
    if (!args.quiet) process.stdout.write(`${describeProject(project)}\n`);
    const settings = loadSettings(projectRoot, settingsOverrides(args));
    const fonts = new FontSet(loadFontConfig(projectRoot));
    let files = collectTranscripts(paths);
    if (args.shard !== undefined) {
      const { parseShard, selectShard } = await import('./pipeline/shard');
      const shard = parseShard(args.shard);
      // paths here are relative to the current folder, which need not be the project's
      const chosen = new Set(
        selectShard(
          files.map((f) => resolve(f)),
          shard,
          projectRoot,
        ),
      );
      files = files.filter((f) => chosen.has(resolve(f)));
      // A small catalogue may leave a part empty: that part has nothing to do, which is no error.
      if (files.length === 0) {
        if (!args.quiet) process.stdout.write(`no transcripts in part ${shard.index}/${shard.count}\n`);
        return 0;
      }
    }
    if (files.length === 0) {
      process.stderr.write(`lectern: no transcripts (.txt, .md) in ${paths.map(shown).join(', ')}\n`);
      return EXIT_ERROR;
    }
    for (const i of ignoredTranscripts(paths)) {
      process.stderr.write(
        `${shown(i.txt)}: warning: newer than ${shown(i.md)}, which is what is built — the .txt is ignored; ` +
          'copy the change into the .md (or delete the .md and run lectern import again)\n',
      );
    }
    planOutputs(files, outRoot); // two transcripts into one folder, or a name leaving --out: refused
    timer.add('settings', performance.now() - tSettings);
    // no TurboFan once both threads have their code caches (pipeline/run-time-v8-flags.ts): for one
    // transcript from the start, in a batch after its first documents (pipeline/batch.ts)
    const options = { force: args.force, holdYoungGeneration: true, baselineTier: true };
    await buildMany(files, outRoot, settings, fonts, options, timer, (o) => {
      if ('error' in o) {
        failures++;
        process.stderr.write(`lectern: ${o.error}\n`);
        return;
      }
      const r = o.result;
      for (const w of r.warnings) process.stderr.write(`${formatDiagnostic(w)}\n`);
      if (args.quiet) return;
      const where = shown(r.outDir);
      process.stdout.write(
        r.skipped
          ? `unchanged ${o.file} → ${where}/\n`
          : `built ${o.file} → ${where}/ (${r.slides} slides, ${r.pages} handout pages)\n`,
      );
    });
    // every thread the build started has ended (batch workers, the slide worker): see `run`
    buildSettled = true;
  } catch (e) {
    reportError(e);
    return EXIT_ERROR;
  }
  writeTimingReport(timer.toJSON(), t0);
  return failures ? EXIT_ERROR : 0;
}

/**
 * For bench/: with LECTERN_TIMING_JSON=<file>, write the phase timings, the time from process start
 * to the command (node start-up plus loading the CLI bundle), the peak memory and the CPU time of
 * the main thread and of the whole process (every thread: the slide worker, batch workers, V8's and
 * libuv's threads), which a batch on all cores is bounded by.
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
    mainThreadCpuMs: mainThreadCpuMs(),
    processCpuMs: processCpuMs(),
  };
  writeFileSync(file, JSON.stringify(report));
}

/** The process's CPU time (user and system, all threads) since it started, in ms */
function processCpuMs(): number {
  const usage = process.resourceUsage();
  return Math.round((usage.userCPUTime + usage.systemCPUTime) / 10) / 100;
}

/**
 * The main thread's CPU time since the process started, in ms (Linux: /proc/thread-self/schedstat, in
 * ns); on a loaded machine wall times say little, and the process's CPU time mixes in the slide worker's.
 */
function mainThreadCpuMs(): number | undefined {
  try {
    return Math.round(Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e4) / 100;
  } catch {
    return undefined; // not Linux
  }
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

interface WatchArgs extends OutputArgs {
  serve?: boolean;
  port: number;
}

async function runWatch(args: WatchArgs): Promise<number> {
  const { watch } = await import('./watch');
  try {
    const { project, paths, outRoot } = workplace(args);
    process.stdout.write(`${describeProject(project)}\n`);
    const w = await watch({
      paths: paths.map((p) => resolve(p)),
      out: outRoot,
      projectRoot: project.dir,
      overrides: settingsOverrides(args),
      serve: args.serve,
      port: args.port,
      log: (l) => process.stdout.write(`${l}\n`),
      warn: (l) => process.stderr.write(`${l}\n`),
      baselineTier: true,
    });
    // Ctrl-C/SIGTERM are taken before `watching` is printed (the line says Ctrl-C stops): a signal sent
    // on reading it must find this handler, not Node's default (which ended watch mid-build). Before
    // that line a signal still ends watch at once: the handler steps aside and raises it again.
    let watching = false;
    let stopAsked: () => void = () => {};
    const stopping = new Promise<void>((resolve) => (stopAsked = resolve));
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (watching) stopAsked();
      else process.kill(process.pid, signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    await w.ready;
    watching = true;
    await stopping;
    // Stopping waits for a running build to commit, so nothing in out/ is left half-written. It must
    // not hang (a build stuck on a slide worker that died): a second Ctrl-C, or WATCH_STOP_MS, ends it.
    const forced = (why: string) => () => {
      process.stderr.write(`lectern watch: ${why}; exiting without waiting for the running build\n`);
      process.exit(EXIT_ERROR);
    };
    process.once('SIGINT', forced('interrupted again'));
    process.once('SIGTERM', forced('asked again to stop'));
    setTimeout(forced(`did not stop within ${WATCH_STOP_MS / 1000} s`), WATCH_STOP_MS).unref();
    await w.close();
    return 0;
  } catch (e) {
    reportError(e);
    return EXIT_ERROR;
  }
}

async function runInit(args: { dir?: string; force?: boolean }): Promise<number> {
  const { initProject } = await import('./init');
  try {
    const r = initProject(resolve(args.dir ?? '.'), { force: Boolean(args.force) });
    for (const f of r.written) process.stdout.write(`wrote ${shown(f)}\n`);
    for (const f of r.kept) process.stdout.write(`kept ${shown(f)} (exists; --force overwrites)\n`);
    const cd = args.dir && resolve(args.dir) !== process.cwd() ? `cd ${args.dir} && ` : '';
    process.stdout.write(`next: ${cd}npx lectern build\n`);
    return 0;
  } catch (e) {
    reportError(e);
    return EXIT_ERROR;
  }
}

/**
 * The options of each command, as data: yargs reads them, and an unknown option is matched against
 * them for a "did you mean" hint.
 */
const OUTPUT_OPTIONS = {
  out: { alias: 'o', type: 'string', describe: "output folder (default: the project's out/)" },
  project: {
    type: 'string',
    describe:
      'the project folder (templates/, fonts/, lectern.json, out/); default: the nearest folder above the transcripts with lectern.json or package.json',
  },
  paper: {
    type: 'string',
    describe: 'handout paper: A4, A5, ISO-B5 (= B5), JIS-B5, 16开, 大16开, 32开 or 大32开',
  },
  'body-size': {
    type: 'string',
    describe: 'handout body size: points (8–18) or a name such as 小四 (12) or 五号 (10.5); default by the paper',
  },
  date: { type: 'string', describe: 'date printed on the handout cover' },
  'part-break': {
    type: 'string',
    describe: 'handout parts: auto (run on, default) or page (each on a new page)',
  },
  punctuation: {
    type: 'string',
    describe: 'handout punctuation style: 全角 quanjiao (default), 开明 kaiming, 半角 banjiao',
  },
  'slides-pdf': {
    type: 'boolean',
    describe: 'also export slides.pdf (needs Chromium: CHROME_PATH or chromium on PATH)',
  },
  'slides-pptx': {
    type: 'boolean',
    describe: 'also export slides.pptx: an editable PowerPoint deck (text, notes; no browser needed)',
  },
} as const satisfies Record<string, Options>;

export const COMMAND_OPTIONS = {
  build: {
    ...OUTPUT_OPTIONS,
    force: { alias: 'f', type: 'boolean', describe: 'rebuild even if nothing changed' },
    quiet: { alias: 'q', type: 'boolean', describe: 'print only warnings and errors' },
    shard: {
      type: 'string',
      describe: 'build only part K of N (K/N) of the transcripts, by a stable hash of each path',
    },
  },
  watch: {
    ...OUTPUT_OPTIONS,
    serve: { type: 'boolean', describe: 'serve out/ on localhost with live reload' },
    port: { type: 'number', default: 8080, describe: 'preview port (the next free one if taken)' },
  },
  check: {
    json: { type: 'boolean', describe: 'print the document model as JSON (see README)' },
    strict: { type: 'boolean', describe: 'exit 1 when there are warnings' },
  },
  import: { force: { alias: 'f', type: 'boolean', describe: 'overwrite an existing .md' } },
  init: { force: { alias: 'f', type: 'boolean', describe: 'overwrite files that exist' } },
} as const satisfies Record<string, Record<string, Options>>;

type CommandName = keyof typeof COMMAND_OPTIONS;
const COMMANDS = Object.keys(COMMAND_OPTIONS) as CommandName[];

/** Thrown by yargs' failure handler so that no command runs after a usage error. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly command: CommandName | undefined,
  ) {
    super(message);
  }
}

/** `Unknown argument: papr` → the hint `did you mean --paper?` (from the command's own options). */
export async function usageHint(message: string, command: CommandName | undefined): Promise<string> {
  const unknown = /^Unknown arguments?: (.+)$/.exec(message);
  if (!unknown) return '';
  // the same nearness rule as misspelt settings keys
  const { suggestKey } = await import('./settings');
  const known = ['help', 'version', ...Object.keys(command ? COMMAND_OPTIONS[command] : {})];
  const hints: string[] = [];
  for (const name of unknown[1]!.split(', ')) {
    const asCommand = command ? undefined : suggestKey(name, COMMANDS);
    const option = suggestKey(name, known);
    if (asCommand) hints.push(`did you mean ${asCommand}?`);
    else if (option) hints.push(`did you mean --${option}?`);
  }
  return hints.join(' ');
}

/**
 * A plain build's options, read without yargs: `build` then paths, `--out`/`-o D`, `--force`/`-f`,
 * `--quiet`/`-q`, each option at most once. Loading and running yargs was ~22 M instructions (~5 ms CPU)
 * of a cold build's main thread (README, Speed). Anything else — another option, `--`, `=`, a combined
 * or negated flag, a repeat, help/version, a value yargs might read as a number or an option — is
 * undefined here and goes to yargs, which parses it and gives every usage error as before.
 */
export function plainBuildArgs(argv: readonly string[]): BuildArgs | undefined {
  if (argv[0] !== 'build') return undefined;
  const args: BuildArgs = { paths: [] };
  const plainValue = (v: string | undefined): v is string =>
    v !== undefined && v !== '' && !v.startsWith('-') && !NUMBER_LIKE.test(v);
  for (let i = 1; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--out' || token === '-o') {
      const value = argv[++i];
      if (args.out !== undefined || !plainValue(value)) return undefined;
      args.out = value;
    } else if (token === '--force' || token === '-f') {
      if (args.force !== undefined) return undefined;
      args.force = true;
    } else if (token === '--quiet' || token === '-q') {
      if (args.quiet !== undefined) return undefined;
      args.quiet = true;
    } else if (plainValue(token)) args.paths.push(token);
    else return undefined;
  }
  return args;
}

/** Any word yargs' parser might take for a number (a superset of its own test): left to yargs. */
const NUMBER_LIKE = /^(?:0x[0-9a-f]+|[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)$/i;

/** Seams for test/cli-plain-build.test.ts: what runs a build, and how many times yargs parsed. */
export const cliSeams = {
  runBuild: (args: BuildArgs): Promise<number> => runBuild(args),
  yargsParses: 0,
};

export async function main(argv: string[], plain = true): Promise<number> {
  const fast = plain ? plainBuildArgs(argv) : undefined;
  if (fast) return cliSeams.runBuild(fast);
  cliSeams.yargsParses++;
  const { default: yargs } = await import('yargs');
  let command: CommandName | undefined;
  let chosen: (() => Promise<number>) | undefined;
  const withOptions = <T>(name: CommandName, y: Argv<T>) => {
    command = name;
    return y.options(COMMAND_OPTIONS[name]);
  };
  const paths = <T>(y: Argv<T>) =>
    y.positional('paths', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: "transcript files (.txt, .md) or folders (default: the project's content/)",
    });
  const transcriptFile = <T>(y: Argv<T>) =>
    y.positional('file', { type: 'string', describe: 'the transcript (after `--` if its name starts with -)' });
  try {
    await yargs(argv)
      .scriptName('lectern')
      .parserConfiguration({ 'populate--': true })
      .usage(
        '$0 <command> [options]\n\nTurns a Chinese training transcript into a Marp slide deck and a typeset PDF handout.',
      )
      .command(
        'build [paths..]',
        'build transcripts (files or folders; default content/) into out/<name>/',
        (y) => withOptions('build', paths(y)),
        (a) => {
          chosen = () => cliSeams.runBuild(a as unknown as BuildArgs);
        },
      )
      .command(
        'check [file]',
        'print the recognised outline, normalisation changes and warnings',
        (y) => withOptions('check', transcriptFile(y)),
        (a) => {
          chosen = () => runCheck({ ...(a as { json?: boolean; strict?: boolean }), file: fileArgument(a, 'check') });
        },
      )
      .command(
        'import [file]',
        'write an editable .md (front matter + headings) next to a .txt transcript',
        (y) => withOptions('import', transcriptFile(y)),
        (a) => {
          chosen = () => runImport({ ...(a as { force?: boolean }), file: fileArgument(a, 'import') });
        },
      )
      .command(
        'watch [paths..]',
        'build, then rebuild whenever a transcript, template, theme, font or lectern.json changes',
        (y) => withOptions('watch', paths(y)),
        (a) => {
          chosen = () => runWatch(a as unknown as WatchArgs);
        },
      )
      .command(
        'init [dir]',
        'make a project folder: content/ with an example, lectern.json, .gitignore, VS Code settings',
        (y) =>
          withOptions(
            'init',
            y.positional('dir', { type: 'string', describe: 'the folder (default: the current one)' }),
          ),
        (a) => {
          chosen = () => runInit(a as unknown as { dir?: string; force?: boolean });
        },
      )
      .demandCommand(1, 'name a command: build, check, import, watch or init')
      .strict()
      .recommendCommands()
      // yargs' ES module build breaks lines inside words (its own `wrap`); one line per option, the
      // terminal wraps
      .wrap(null)
      .version(version())
      .help()
      .fail((msg, err) => {
        if (err) throw err;
        throw new UsageError(msg, command);
      })
      .parseAsync();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    const hint = await usageHint(e.message, e.command);
    process.stderr.write(`lectern: ${e.message}${hint ? ` — ${hint}` : ''}\nRun lectern --help for usage.\n`);
    return EXIT_ERROR;
  }
  return chosen ? chosen() : 0;
}

/** Set once a build's buildMany has returned: its batch workers have exited and its slide worker is stopped. */
let buildSettled = false;

/**
 * Runs the command line and sets the exit code. True when the command was a build that ended every
 * thread it started (its outputs written, its messages printed): then nothing of lectern is left for
 * Node's event loop, and src/cli-start.ts ends the process at once (endSettledCommand).
 */
export async function run(): Promise<boolean> {
  try {
    // as yargs' hideBin: the arguments after node and the script
    process.exitCode = await main(process.argv.slice(2));
  } catch (e) {
    reportError(e);
    process.exitCode = EXIT_ERROR;
    return false;
  }
  return buildSettled;
}
