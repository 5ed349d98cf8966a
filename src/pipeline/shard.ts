// `lectern build --shard K/N`: one of N disjoint parts of the transcripts, so that any job runner
// (a CI matrix, Kubernetes indexed jobs) can split a large catalogue between machines. A transcript's
// part depends only on its path relative to the project (hashed), never on which other files exist,
// their order or the machine: adding a file never moves another one to a different part.
import { createHash } from 'node:crypto';
import { relative, resolve, sep } from 'node:path';
import { LecternError } from '../errors';

export interface Shard {
  /** 1-based number of this part */
  index: number;
  /** Number of parts */
  count: number;
}

/** Reads `K/N` (1 ≤ K ≤ N); anything else is a user error naming the option. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!m || count < 1 || index < 1 || index > count || !Number.isSafeInteger(count)) {
    throw new LecternError('--shard', `"${text}" is not a part K/N`, {
      hint: 'give K/N with 1 ≤ K ≤ N, e.g. --shard 2/4 for the second of four parts',
    });
  }
  return { index, count };
}

/** The 0-based part (of `count`) a transcript belongs to: SHA-256 of its project-relative path, `/`-separated. */
export function shardOf(file: string, projectRoot: string, count: number): number {
  const key = relative(projectRoot, resolve(projectRoot, file)).split(sep).join('/');
  return createHash('sha256').update(key).digest().readUInt32BE(0) % count;
}

/** The transcripts of part `shard`, in their given order. */
export function selectShard(files: string[], shard: Shard, projectRoot: string): string[] {
  return files.filter((f) => shardOf(f, projectRoot, shard.count) === shard.index - 1);
}
