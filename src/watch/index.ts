// `lectern watch`: rebuilds when a transcript, template, theme, font file or the configuration changes.
// One process keeps everything warm: modules, parsed fonts, the Marp instance and the typesetter's
// per-paragraph layouts, so an edit re-lays only what changed. A failed rebuild prints its error and
// keeps the last good outputs; watching goes on.
import { existsSync, statSync } from 'node:fs';
import { basename, extname, join, relative, resolve, sep } from 'node:path';
import chokidar, { type FSWatcher } from 'chokidar';
import {
  buildDocument,
  collectTranscripts,
  outputDirFor,
  planOutputs,
  resolveOutRoot,
  TRANSCRIPT_EXTENSIONS,
} from '../pipeline';
import { Timer } from '../pipeline/timer';
import { workerSlides } from '../pipeline/slides-runner';
import { stopAtBaselineTier } from '../pipeline/run-time-v8-flags';
import { escapeControls, formatError, isLecternError } from '../errors';
import { clearCaches, expectRebuilds } from '../cache';
import { FontSet, loadFontConfig } from '../fonts';
import type { Diagnostic } from '../model';
import { packageRoot } from '../paths';
import { checkPort, startPreviewServer, type PreviewServer } from '../serve';
import { loadSettings, type Settings, type SettingsOverrides } from '../settings';
import { REHEARSALS, rehearsalText } from './rehearse';
import { decodeTranscript, EmptyFileError } from '../source/decode';
import { readRegularFile } from '../read-file';
import { closeForGood } from '../vendor/chokidar';

export interface WatchOptions {
  paths: string[];
  out?: string;
  projectRoot: string;
  overrides?: SettingsOverrides;
  serve?: boolean;
  port?: number;
  /** Status lines (one per rebuild) */
  log: (line: string) => void;
  /** Errors and warnings */
  warn: (line: string) => void;
  /** Rehearsal builds after the first build, before `watching` (default REHEARSALS, src/watch/rehearse.ts) */
  rehearsals?: number;
  /**
   * Stop V8's optimising compiler (TurboFan) once the warm-up is done (the command line asks): as many
   * builds after the start's as it has rehearsals — the rehearsals, or the user's first edits where
   * they were cut short. Why: after the warm-up TurboFan's background compiles were about half of a
   * rebuild's CPU (the long tail of functions that reach its budget only after many builds) for little
   * faster code; on 2 cores they compete with the main thread and the slide worker (README, Speed).
   */
  baselineTier?: boolean;
}

export interface Watching {
  server?: PreviewServer;
  /** Resolves when the watcher has settled after its start (initial builds done) */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * How often a watcher saw a transcript empty on a change, how often a raw event scheduled one, and how
 * often a build's empty read waited for a look before it was reported (tests).
 */
export const watchEvents = { seenEmpty: 0, rawBuilds: 0, emptyReadsHeld: 0 };

/**
 * How long after a change the watcher looks at a file again: chokidar drops a second change to a file
 * within 50 ms (its throttle), and a save that truncates before writing shows the file empty for a moment.
 */
export const LOOK_MS = 80;

/**
 * The transcripts that get an output folder of their own, in order: one whose folder an earlier one
 * takes (the same name, or one differing only in case) or whose name gives no folder is left out and
 * `onError` gets planOutputs' error for it. Each file's folder is found once: this runs before every
 * rebuild, and checking each file against all before it (planOutputs of the files so far, for each)
 * cost ~5 ms for a folder of 100 transcripts, ~0.65 s for 1,000.
 */
export function transcriptsWithFolders(
  files: string[],
  outRoot: string,
  onError: (e: unknown) => void,
  folderOf: (file: string, outRoot: string) => string = outputDirFor,
): string[] {
  const byKey = new Map<string, string>();
  const ok: string[] = [];
  for (const f of files) {
    try {
      const key = folderOf(f, outRoot).toLowerCase();
      const other = byKey.get(key);
      if (other !== undefined) {
        planOutputs([other, f], outRoot); // throws: the same folder as `other`
        continue;
      }
      byKey.set(key, f);
      ok.push(f);
    } catch (e) {
      onError(e);
    }
  }
  return ok;
}

type Reason = { kind: 'transcript'; file: string } | { kind: 'all'; why: string };

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

/** The phases that took time, largest first: `pdf 21, slides 18, typesetting 3`. */
function phaseSummary(timer: Timer): string {
  return [...timer.totals]
    .filter(([k, v]) => v >= 1 && k !== 'slides:wall')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([k, v]) => `${k} ${Math.round(v)}`)
    .join(', ');
}

export async function watch(opts: WatchOptions): Promise<Watching> {
  const root = opts.projectRoot;
  const outRoot = resolveOutRoot(opts.out, root);
  const paths = (opts.paths.length ? opts.paths : ['content']).map((p) => resolve(root, p));
  // The settings and font configuration, or why they cannot be used (then nothing is built until a
  // fix to lectern.json or fonts/ arrives; watching goes on).
  let config: { settings: Settings; fonts: FontSet } | { error: unknown } = { error: undefined };
  const loadConfig = (): boolean => {
    try {
      config = {
        settings: loadSettings(root, opts.overrides, process.env, opts.warn),
        fonts: new FontSet(loadFontConfig(root)),
      };
      return true;
    } catch (e) {
      config = { error: e };
      opts.warn(`${clock()} error: ${formatError(e)} — nothing is built until it is fixed`);
      return false;
    }
  };
  // A bad flag or environment variable cannot be fixed by editing a file: refuse to start.
  if (!loadConfig() && 'error' in config && isLecternError(config.error) && /^(--|[A-Z_]+$)/.test(config.error.file))
    throw config.error;
  if (opts.serve) checkPort(opts.port ?? 8080);
  // The slide stage runs on the second core, warm between rebuilds.
  const slides = workerSlides(true); // deck after deck: a batch's young generation (slides-worker-start.ts)
  expectRebuilds(); // e.g. the PDF writer keeps each typeset run's operators for the next build

  // Builds after the start's builds, counted for the warm-up (opts.baselineTier): rehearsals and edits.
  const warmUpBuilds = opts.rehearsals ?? REHEARSALS;
  let startBuildsDone = false;
  let warmBuilds = 0;
  const warmBuildDone = (): void => {
    warmBuilds++;
    if (opts.baselineTier && warmBuilds >= warmUpBuilds) stopAtBaselineTier(slides.codeCacheSignal());
  };

  const templateDirs = [...new Set([join(root, 'templates'), join(packageRoot, 'templates')])];
  const fontDirs = [...new Set([join(root, 'fonts'), join(packageRoot, 'fonts')])];
  const configFile = join(root, 'lectern.json');
  const isUnder = (file: string, dir: string): boolean => file === dir || file.startsWith(dir + sep);

  const server = opts.serve ? await startPreviewServer(outRoot, opts.port ?? 8080) : undefined;
  if (server) opts.log(`serving ${relative(root, outRoot) || outRoot}/ at ${server.url}`);

  const printWarnings = (ws: Diagnostic[]): void => {
    for (const w of ws) opts.warn(escapeControls(`${w.file}:${w.line}: ${w.severity}: ${w.message}`));
  };

  // chokidar drops a second change to the same file within 50 ms (its throttle), e.g. an editor's
  // truncate-then-write or two quick saves. So each change also schedules a look LOOK_MS later: if the
  // file's size or mtime differs from what the last build read, it is built again.
  const builtFrom = new Map<string, string>();
  const statKey = (file: string): string => {
    try {
      const st = statSync(file);
      return `${st.size}:${st.mtimeMs}`;
    } catch {
      return '';
    }
  };

  // The state (size:mtime) of each transcript when a raw fs.watch event last scheduled it (onRaw).
  const rawScheduled = new Map<string, string>();

  /** A look LOOK_MS after a transcript's change: built if it changed since its last build (whatever was dropped). */
  function lookLater(file: string): void {
    setTimeout(() => {
      if (!closed && statKey(file) !== builtFrom.get(file)) schedule({ kind: 'transcript', file });
    }, LOOK_MS).unref();
  }

  // Each transcript's events (raw and chokidar's) counted, so that a look can tell whether any came since.
  const eventsSeen = new Map<string, number>();
  // The empty state (size:mtime) of each transcript a look found still empty, with no event since a build
  // read it empty: a build that reads it empty in that state reports it. Any event forgets it.
  const emptyConfirmed = new Map<string, string>();
  const noteEvent = (file: string): void => {
    eventsSeen.set(file, (eventsSeen.get(file) ?? 0) + 1);
    emptyConfirmed.delete(file);
  };

  /**
   * A build read `file` empty and it is not reported yet: a save that truncates the file before writing
   * it shows it empty for a moment, and a build can start just then (the look after an earlier save's
   * change, a save that came while a build ran) — saves back to back reported "the file is empty" about
   * once in 40 builds. Reported only once the file stayed empty, in the same state and with no event,
   * for LOOK_MS: then built again, and that build reports it. Anything else found then (the file written
   * and built meanwhile, or changed with its event missed) goes as any look's does.
   */
  function holdEmptyRead(file: string): void {
    watchEvents.emptyReadsHeld++;
    const state = statKey(file);
    const events = eventsSeen.get(file) ?? 0;
    setTimeout(() => {
      if (closed) return;
      const now = statKey(file);
      if (now === state && emptyNow(file)) {
        // events came, yet the file is as the build read it: chokidar's change for that very state can
        // come after the build (its stat is asynchronous), and no one else would build it — look again
        if ((eventsSeen.get(file) ?? 0) !== events) return holdEmptyRead(file);
        if (emptyConfirmed.get(file) === state) return; // another held read's look has it reported
        emptyConfirmed.set(file, state);
        schedule({ kind: 'transcript', file });
      } else if (now !== builtFrom.get(file)) schedule({ kind: 'transcript', file });
    }, LOOK_MS).unref();
  }

  const emptyNow = (file: string): boolean => {
    try {
      return statSync(file).size === 0;
    } catch {
      return false;
    }
  };

  /**
   * Builds one transcript and reports it; false when the build failed. An empty read is reported at
   * once only at the start (`reportEmpty`): after a change, once the file stayed empty (holdEmptyRead).
   */
  async function rebuild(file: string, why: string, reportEmpty = false): Promise<boolean> {
    const t0 = performance.now();
    builtFrom.set(file, statKey(file));
    try {
      const timer = new Timer();
      if ('error' in config) throw config.error;
      const r = await buildDocument(file, outRoot, config.settings, config.fonts, { slides }, timer);
      printWarnings(r.warnings);
      if (startBuildsDone && !r.skipped) warmBuildDone();
      const ms = (performance.now() - t0).toFixed(0);
      const where = relative(root, r.outDir) || r.outDir;
      if (r.skipped) opts.log(`${clock()} unchanged ${relative(root, file)} (${why}) in ${ms} ms`);
      else {
        opts.log(
          `${clock()} rebuilt ${relative(root, file)} (${why}) in ${ms} ms → ${where}/ [${phaseSummary(timer)}]`,
        );
        server?.notify(basename(r.outDir));
      }
      return true;
    } catch (e) {
      if (e instanceof EmptyFileError && !reportEmpty && emptyConfirmed.get(file) !== statKey(file)) {
        holdEmptyRead(file);
        return false;
      }
      let kept = '';
      try {
        kept = ` — ${relative(root, outputDirFor(file, outRoot))}/ keeps its last good outputs`;
      } catch {
        /* a name that gives no output folder: nothing was kept */
      }
      opts.warn(`${clock()} error: ${formatError(e)}${kept}`);
      opts.log(`${clock()} failed ${relative(root, file)} (${why}) in ${(performance.now() - t0).toFixed(0)} ms`);
      return false;
    }
  }

  /**
   * Rebuilds `file` with made-up edits, writing nothing, until `count` rehearsals ran or a change
   * arrived (the change then waits for one rehearsal at most). Returns how many ran.
   */
  async function rehearse(file: string, count: number): Promise<number> {
    if ('error' in config) return 0;
    let text: string;
    try {
      // decoded as a build decodes it (GB18030, UTF-16 …); the rehearsals' bytes are its UTF-8
      text = decodeTranscript(readRegularFile(file, 'transcript'), file);
    } catch {
      return 0;
    }
    let k = 0;
    for (; k < count && !closed && pending.size === 0; k++) {
      const edited = rehearsalText(text, k);
      if (edited === undefined) break;
      try {
        await buildDocument(file, outRoot, config.settings, config.fonts, { slides, rehearse: Buffer.from(edited) });
        warmBuildDone();
      } catch {
        break; // the real builds report errors
      }
    }
    return k;
  }

  function transcripts(): string[] {
    try {
      // one transcript per output folder: a second one with the same name is left out, with an error
      return transcriptsWithFolders(collectTranscripts(paths.filter((p) => existsSync(p))), outRoot, (e) =>
        opts.warn(`${clock()} error: ${formatError(e)}`),
      );
    } catch (e) {
      opts.warn(formatError(e));
      return [];
    }
  }

  // Never two builds at once: changes that arrive during a build are built after it, together.
  // A transcript's change is built at once — it is the edit someone is waiting to see (chokidar already
  // merges a file's changes within 50 ms, and the look 80 ms later catches what it dropped). Template,
  // theme, font and configuration changes come in bursts (a checkout, an editor saving several files)
  // and each rebuilds every document: they wait COALESCE_MS for the rest of the burst.
  const COALESCE_MS = 5;
  const pending = new Map<string, Reason>();
  let running: Promise<void> | undefined;
  let timerHandle: NodeJS.Timeout | undefined;
  let closed = false;

  function schedule(reason: Reason): void {
    pending.set(reason.kind === 'all' ? '*' : reason.file, reason);
    if (timerHandle) clearTimeout(timerHandle);
    timerHandle = undefined;
    if (pending.has('*')) timerHandle = setTimeout(() => void drain(), COALESCE_MS);
    else setImmediate(() => void drain());
  }

  async function drain(): Promise<void> {
    if (closed) return;
    if (running) {
      await running;
      if (pending.size) schedule([...pending.values()][0]!);
      return;
    }
    // Once closed, the build that is running commits and nothing more starts: stopping waits for one
    // build, not for what was queued behind it (every document, after a template change).
    running = (async () => {
      while (pending.size && !closed) {
        const batch = [...pending.values()];
        pending.clear();
        const all = batch.find((r): r is Extract<Reason, { kind: 'all' }> => r.kind === 'all');
        const current = transcripts();
        if (all) {
          for (const f of current) if (!closed) await rebuild(f, all.why);
        } else {
          for (const r of batch) {
            if (r.kind !== 'transcript' || closed) continue;
            // x.md shadows x.txt: an edit to a shadowed .txt changes nothing.
            if (current.includes(r.file)) await rebuild(r.file, `${basename(r.file)} changed`);
            else if (extname(r.file) === '.txt' && existsSync(`${r.file.slice(0, -4)}.md`))
              opts.warn(
                `${clock()} ${relative(root, r.file)} changed but is ignored: ${basename(r.file, '.txt')}.md beside it is built — copy the change into the .md`,
              );
          }
        }
      }
    })();
    await running;
    running = undefined;
  }

  // What each template, configuration or font file looked like (size:mtime) when it was last read.
  const configRead = new Map<string, string>();

  /**
   * A change to a template, lectern.json or a font: `take` has every document rebuilt with it. A save
   * that truncates before writing (writeFileSync, many editors) shows the file empty for a moment, and
   * chokidar drops a second change within 50 ms: so the empty moment is not read (it would report
   * invalid JSON, or build with an empty template), and a look 80 ms after each change reads the file
   * again if it changed since it was read — until it stays put.
   */
  function wholeFileChanged(file: string, evenIfEmpty: boolean, take: () => void): void {
    if (evenIfEmpty || !emptyNow(file)) {
      configRead.set(file, statKey(file));
      take();
    }
    setTimeout(() => {
      if (!closed && statKey(file) !== configRead.get(file)) wholeFileChanged(file, true, take);
    }, LOOK_MS).unref();
  }

  function onChange(path: string): void {
    const file = resolve(path);
    if (isUnder(file, outRoot)) return;
    if (templateDirs.some((d) => isUnder(file, d))) {
      wholeFileChanged(file, false, () => schedule({ kind: 'all', why: `template ${basename(file)} changed` }));
    } else if (fontDirs.some((d) => isUnder(file, d)) || file === configFile) {
      wholeFileChanged(file, false, () => {
        // every cache that depends on a font (here and, through the next message, in the slide worker)
        clearCaches();
        if (loadConfig()) schedule({ kind: 'all', why: `${basename(file)} changed` });
      });
    } else if (TRANSCRIPT_EXTENSIONS.includes(extname(file).toLowerCase())) {
      // its raw fs.watch event has scheduled this very state already (onRaw): not built twice
      if (rawScheduled.get(file) === statKey(file)) return;
      noteEvent(file);
      // A save that truncates the file before writing it (writeFileSync, many editors) shows it empty
      // for a moment: not built then (it would report "the file is empty" and redo the build), but on
      // the write's raw event (onRaw), or by the look LOOK_MS later, which builds it if it changed since
      // the last build — still empty or not (an empty read waits for another look: holdEmptyRead).
      if (!emptyNow(file)) schedule({ kind: 'transcript', file });
      else watchEvents.seenEmpty++;
      lookLater(file);
    }
  }

  const ignored = (p: string): boolean =>
    isUnder(resolve(p), outRoot) || /(^|[/\\])(\.git|node_modules)([/\\]|$)/.test(p) || basename(p).endsWith('.tmp');
  // A path not made yet (lectern.json, a templates, fonts or transcripts folder) is watched by a watcher of its
  // own, which follows it through its folder and picks it up when it is made: chokidar follows one missing name
  // a folder only (a second raised no event), and watching the project folder instead watched its whole tree.
  const watched = [...paths, ...templateDirs, ...fontDirs, configFile];
  const watchers: FSWatcher[] = [
    chokidar.watch(watched.filter(existsSync), { ignoreInitial: true, ignored }),
    ...watched.filter((p) => !existsSync(p)).map((p) => chokidar.watch(p, { ignoreInitial: true, ignored })),
  ];

  /**
   * A raw fs.watch event (chokidar does not throttle these): a transcript that changed is scheduled
   * at once. chokidar drops a change within 50 ms of the previous one, so two saves in quick
   * succession (an editor's truncate-then-write, a quick second save, the bench's edits) had the
   * second wait for the look 80 ms later. chokidar's own change event for the same state is then
   * skipped (onChange); every write raises a raw event, so none is missed by that skip.
   */
  function onRaw(_event: string, evPath: string, details: unknown): void {
    const watched = (details as { watchedPath?: unknown } | undefined)?.watchedPath;
    if (typeof watched !== 'string') return;
    // a folder's watcher names the file inside it; a file's own watcher names the file's base name
    for (const file of [resolve(watched, evPath ?? ''), resolve(watched)]) {
      if (!TRANSCRIPT_EXTENSIONS.includes(extname(file).toLowerCase()) || ignored(file) || !existsSync(file)) continue;
      noteEvent(file);
      if (emptyNow(file)) {
        // a save caught between its truncate and its write: built on the write's event; a file left
        // empty by the look (chokidar may drop this change inside its throttle, and set no look)
        watchEvents.seenEmpty++;
        lookLater(file);
        continue;
      }
      // one save can raise two raw events (truncate, write) that arrive apart: its state is built once.
      // (Two different texts of the same size and mtime would be taken as one — as chokidar does.)
      const state = statKey(file);
      if (rawScheduled.get(file) === state) continue;
      rawScheduled.set(file, state);
      watchEvents.rawBuilds++;
      schedule({ kind: 'transcript', file });
    }
  }

  for (const watcher of watchers)
    watcher
      .on('add', onChange)
      .on('change', onChange)
      .on('raw', onRaw)
      .on('error', (e) => opts.warn(`watch error: ${String(e)}`));

  const ready = (async () => {
    await Promise.all(watchers.map((w) => new Promise<void>((r) => w.once('ready', () => r()))));
    // A change that arrives meanwhile is built after these (drain waits for `running`).
    let warmed = '';
    running = (async () => {
      let built: string | undefined;
      for (const f of transcripts()) if (!closed && (await rebuild(f, 'start', true))) built = f;
      startBuildsDone = true;
      // Warm-up (src/watch/rehearse.ts): the code optimised before the first edit rather than during it.
      const t0 = performance.now();
      const n = built === undefined ? 0 : await rehearse(built, opts.rehearsals ?? REHEARSALS);
      if (n) warmed = `warmed up by ${n} rehearsals in ${(performance.now() - t0).toFixed(0)} ms; `;
    })();
    await running;
    running = undefined;
    opts.log(`${clock()} watching ${paths.map((p) => relative(root, p) || '.').join(', ')} (${warmed}Ctrl-C to stop)`);
  })();

  return {
    server,
    ready,
    async close() {
      closed = true;
      if (timerHandle) clearTimeout(timerHandle);
      await Promise.all(watchers.map(closeForGood));
      await running;
      await slides.close();
      await server?.close();
    },
  };
}
