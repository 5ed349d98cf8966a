// chokidar 4.0.3: a closed watcher stays closed. When a watched entry is deleted and chokidar tracks
// nothing else, FSWatcher._remove "watches for its return" with this.add(parent folder) — and add()
// sets `closed = false`. Its fs.watch callbacks and stats still in flight do that after close() too:
// the project folder deleted while `lectern watch` stopped left an fs.watch on the project's parent
// folder (/tmp in the tests), so the process never exited and kept reading that folder's events (seen
// in test/cache.test.ts in session 5: ~15 % CPU for 14 minutes; reproduced in session 6).
import type { FSWatcher } from 'chokidar';
import { expectShape } from './patch';

/** Closes `watcher` for good: nothing (chokidar's own re-adds included) makes it watch again. */
export function closeForGood(watcher: FSWatcher): Promise<void> {
  const remove = (watcher as unknown as { _remove?: unknown })._remove;
  expectShape(
    typeof remove === 'function' && /\bthis\.add\(/.test(String(remove)),
    'chokidar',
    'closed-stays-closed',
    'FSWatcher._remove no longer re-adds a deleted path with this.add()',
  );
  watcher.add = () => watcher;
  return watcher.close();
}
