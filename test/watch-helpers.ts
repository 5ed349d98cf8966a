// A watched project for tests of `lectern watch` in this process (a file of its own: importing watch
// loads chokidar and the pipeline, which most test files do not need).
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type WatchOptions, watch } from '../src/watch';
import { sample, tempDir } from './helpers';

/**
 * A project with content/a.txt (`transcript`, the sample by default) watched; `atStart` runs when the
 * first build is reported; `options` are given to watch as they are.
 */
export async function watchProject(
  atStart: (file: string, out: string) => void,
  transcript = sample,
  options: Partial<WatchOptions> = {},
) {
  const dir = tempDir('lectern-watch-project-');
  mkdirSync(join(dir, 'content'));
  const file = join(dir, 'content', 'a.txt');
  const out = join(dir, 'out', 'a');
  copyFileSync(transcript, file);
  const lines: string[] = [];
  const w = await watch({
    paths: ['content'],
    out: 'out',
    projectRoot: dir,
    log: (l) => {
      lines.push(l);
      if (/rebuilt content\/a\.txt \(start\)/.test(l)) atStart(file, out);
    },
    warn: () => {},
    ...options,
  });
  return { dir, file, out, lines, w };
}
