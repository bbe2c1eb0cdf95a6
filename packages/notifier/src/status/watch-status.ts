// Follows the status cache through file-system events (inotify), never a polling loop.
import { existsSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

/**
 * Call `onChange` whenever `<stateDir>/status.json` is replaced or written. The cache is
 * replaced by rename, so the folder is watched; when the folder does not exist yet, its
 * parent is watched until it appears.
 */
export function watchStatus(stateDir: string, onChange: () => void): { close(): void } {
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    // A rename and a write arrive together: one read is enough.
    clearTimeout(timer);
    timer = setTimeout(onChange, 50);
  };
  const watchState = () => {
    watcher?.close();
    watcher = watch(stateDir, (_event, file) => {
      if (file === 'status.json') changed();
    });
  };
  if (existsSync(stateDir)) {
    watchState();
  } else {
    watcher = watch(path.dirname(stateDir), (_event, file) => {
      if (file === path.basename(stateDir) && existsSync(stateDir)) {
        watchState();
        changed();
      }
    });
  }
  return {
    close() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
