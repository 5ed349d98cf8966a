// The one owner of lectern's in-memory caches. Every module-level cache registers here, so that
// `clearCaches()` forgets them all at once (watch does, when a font or the font configuration changes;
// tests do, to compare cached and uncached output). Caches that depend on a font key it by the font's
// identity (`LoadedFont.key`: path and load generation), never by its path alone, so an entry can not
// outlive the font file it was computed from even between two clears.
//
// Each thread has its own registry. The main thread's `epoch` goes with every message to the slide
// worker; a worker that sees a new epoch clears its own caches first (see pipeline/slides-worker.ts).

interface Clearable {
  clear(): void;
  readonly size?: number;
}

const registry = new Map<string, Clearable>();
let epoch = 0;

/** Registers a cache under a unique name (module path and what it holds) and returns it. */
export function registerCache<T extends Clearable>(name: string, cache: T): T {
  if (registry.has(name)) throw new Error(`cache "${name}" registered twice`);
  registry.set(name, cache);
  return cache;
}

/** A registered single-value cache (a parsed file, a built engine): `value` is undefined until set. */
export function registerSlot<T>(name: string): { value: T | undefined } {
  const slot: { value: T | undefined } & Clearable = {
    value: undefined,
    clear() {
      slot.value = undefined;
    },
  };
  registerCache(name, slot);
  return slot;
}

let rebuilds = false;

/**
 * Says that this process will build its documents again after edits (`lectern watch`): caches whose
 * only use is a later build of the same document (the PDF writer's operators per typeset run) are
 * filled only then — a single or batch build would just hold them to its end.
 */
export function expectRebuilds(on = true): void {
  rebuilds = on;
}

export function rebuildsExpected(): boolean {
  return rebuilds;
}

/**
 * A step whose result is kept from the last call and given again while every argument is the same
 * value (`===`: for strings and buffers the same object, as the kept results of the steps before it
 * are) — a rebuild under watch whose input did not change (the deck's fonts, its page shell). Keeps
 * one result, and only while the process will build again (`expectRebuilds`); otherwise `make` runs.
 */
export function keepLast<A extends readonly unknown[], V>(
  name: string,
  make: (...args: A) => V,
): ((...args: A) => V) & { readonly reuse: { hits: number; misses: number } } {
  const slot = registerSlot<{ args: A; value: V }>(name);
  const reuse = { hits: 0, misses: 0 };
  const kept = (...args: A): V => {
    const last = slot.value;
    if (last && last.args.length === args.length && last.args.every((a, i) => a === args[i])) {
      reuse.hits++;
      return last.value;
    }
    reuse.misses++;
    const value = make(...args);
    slot.value = rebuilds ? { args, value } : undefined;
    return value;
  };
  return Object.assign(kept, { reuse });
}

/**
 * A document starts in this thread (buildDocument on the main thread, a deck on the slide worker). In a
 * build of many documents (no rebuilds expected) every GenerationMap moves on a generation, so that it
 * keeps what this document and the one before it used — a document that repeats text still finds it —
 * and forgets the rest; under watch they keep everything (up to each one's own limit), for the next
 * rebuild.
 */
export function startDocument(): void {
  if (rebuilds) return;
  for (const c of registry.values()) if (c instanceof GenerationMap) c.nextGeneration();
}

/** Forgets every registered cache and starts a new epoch. */
export function clearCaches(): void {
  for (const c of registry.values()) c.clear();
  epoch++;
}

/** How many times the caches were cleared in this thread (sent to the slide worker). */
export function cacheEpoch(): number {
  return epoch;
}

/** The registered caches and their sizes (for tests and `LECTERN_DEBUG`). */
export function cacheSizes(): Record<string, number | undefined> {
  return Object.fromEntries([...registry].map(([name, c]) => [name, c.size]));
}

/**
 * A Map that keeps the most recently used entries: `get` moves a hit last, and `set` drops the least
 * recently used entries while the kept ones weigh more than `max` (each weighs 1 unless `weight` says).
 */
export class LruMap<K, V> extends Map<K, V> {
  private total = 0;

  constructor(
    private readonly max: number,
    private readonly weight: (value: V) => number = () => 1,
  ) {
    super();
  }

  override get(key: K): V | undefined {
    const value = super.get(key);
    if (value !== undefined) {
      super.delete(key);
      super.set(key, value);
    }
    return value;
  }

  override set(key: K, value: V): this {
    this.delete(key);
    super.set(key, value);
    this.total += this.weight(value);
    for (const oldest of this.keys()) {
      if (this.total <= this.max || oldest === key) break;
      this.delete(oldest);
    }
    return this;
  }

  override delete(key: K): boolean {
    const value = super.get(key);
    if (value === undefined) return false;
    this.total -= this.weight(value);
    return super.delete(key);
  }

  override clear(): void {
    super.clear();
    this.total = 0;
  }
}

/**
 * A Map that keeps two generations of entries: those set or found since `nextGeneration()` was last
 * called (the current) and those of the generation before it. `get` finds an entry of either, and one of
 * the previous generation joins the current; `nextGeneration()` forgets what the previous generation
 * kept that the current did not use. A process that builds document after document (a batch) keeps what
 * the document being built and the one before it made, rather than every document's: registered, it
 * moves on at every document (`startDocument`).
 */
export class GenerationMap<K, V> {
  private current = new Map<K, V>();
  private previous = new Map<K, V>();

  get size(): number {
    return this.current.size + this.previous.size;
  }

  get(key: K): V | undefined {
    const value = this.current.get(key);
    if (value !== undefined) return value;
    const kept = this.previous.get(key);
    if (kept !== undefined) {
      this.previous.delete(key);
      this.current.set(key, kept);
    }
    return kept;
  }

  set(key: K, value: V): this {
    this.current.set(key, value);
    return this;
  }

  /** Whether `key` has an entry (found as by `get`) */
  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  nextGeneration(): void {
    this.previous = this.current;
    this.current = new Map<K, V>();
  }

  clear(): void {
    this.current.clear();
    this.previous.clear();
  }
}
