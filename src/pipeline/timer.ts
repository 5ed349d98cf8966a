// Phase timing for the benchmark: every stage call goes through `time(phase, fn)`.
export type Phase =
  | 'modules'
  | 'fonts'
  | 'recognition'
  | 'templates'
  | 'marp'
  | 'typesetting'
  | 'pdf'
  | 'pptx'
  | 'writing'
  /** In the slide worker: from the main thread posting a document to the worker taking it up (its
   * start-up, loading the stage and jieba's dictionary, or an earlier document, still running) */
  | 'queued';

/** A phase, or a phase of the slide stage measured on its worker thread, alongside the main thread. */
export type PhaseKey = Phase | `slides:${Phase}` | 'slides:wall';

export class Timer {
  readonly totals = new Map<PhaseKey, number>();

  time<T>(phase: Phase, fn: () => T): T {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      this.add(phase, performance.now() - t0);
    }
  }

  async timeAsync<T>(phase: Phase, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.add(phase, performance.now() - t0);
    }
  }

  add(phase: PhaseKey, ms: number): void {
    this.totals.set(phase, (this.totals.get(phase) ?? 0) + ms);
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.totals].map(([k, v]) => [k, Math.round(v * 100) / 100]));
  }
}
