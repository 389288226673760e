// Owns what start-up learned about this installation (store path, app version), for the pages
// that show it.
import type { Startup } from './api';

let info = $state<Pick<Startup, 'db_path' | 'version'>>({ db_path: '', version: '' });

export const session = {
  get dbPath(): string {
    return info.db_path;
  },
  get version(): string {
    return info.version;
  },
};

export function rememberStartup(startup: Startup): void {
  info = { db_path: startup.db_path, version: startup.version };
}
