// Phase timing for the benchmark: every stage call goes through `time(phase, fn)`.
export type Phase =
  | 'modules'
  /** Main thread: loading the handout stage (pdfkit, fontkit), after the document went to the slide worker */
  | 'handout modules'
  | 'fonts'
  | 'recognition'
  | 'templates'
  | 'marp'
  | 'typesetting'
  | 'pdf'
  | 'pptx'
  | 'writing'
  /** Main thread, before the first document: project root, settings, font configuration, transcript list */
  | 'settings'
  /** Main thread: the output folder's lock and leftovers, reading the transcript, its fingerprint */
  | 'fingerprint'
  /** Main thread, after the hand-over: whether the slide fonts have the document's characters (warnings) */
  | 'slide fonts'
  /** Main thread: the handout done, waiting for the slide worker's deck */
  | 'waiting for slides'
  /** Main thread, after the last document: the slide worker terminated */
  | 'stopping the slide worker'
  /** In the slide worker: from the main thread posting a document to the worker taking it up (its
   * start-up, loading the stage and jieba's dictionary, or an earlier document, still running) */
  | 'queued'
  /** In the slide worker: what it prepared before the document came (jieba, the Marp engine) */
  | 'warmup'
  /** In the slide worker: loading the part of jieba's dictionary a document can use; on the main thread
   * (a cold build's document): reading that part from the file for the worker */
  | 'dictionary'
  /** In the slide worker: the thread's CPU time for the document, from taking it up to replying
   * (Linux only; the same as the wall time on a quiet machine, far less on a loaded one) */
  | 'cpu'
  /** In the slide worker: the thread's CPU time before it took the document up (its start-up, Linux) */
  | 'startcpu';

/** A phase, or a phase of the slide stage measured on its worker thread, alongside the main thread. */
export type PhaseKey = Phase | `slides:${Phase}` | 'slides:wall';

/**
 * Milliseconds on the process's monotonic clock (the same on every thread). Not `performance.now()`:
 * the slide worker's first read of the `performance` global loads Node's perf_hooks (nine modules,
 * ~0.3–0.6 ms of a fresh worker), and the worker is a cold build's longer lane.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export class Timer {
  readonly totals = new Map<PhaseKey, number>();

  /** `clock` in ms: wall time by default; the slide worker can time its phases in thread CPU time */
  constructor(private readonly clock: () => number = monotonicMs) {}

  time<T>(phase: Phase, fn: () => T): T {
    const t0 = this.clock();
    try {
      return fn();
    } finally {
      this.add(phase, this.clock() - t0);
    }
  }

  async timeAsync<T>(phase: Phase, fn: () => Promise<T>): Promise<T> {
    const t0 = this.clock();
    try {
      return await fn();
    } finally {
      this.add(phase, this.clock() - t0);
    }
  }

  add(phase: PhaseKey, ms: number): void {
    this.totals.set(phase, (this.totals.get(phase) ?? 0) + ms);
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.totals].map(([k, v]) => [k, Math.round(v * 100) / 100]));
  }
}
