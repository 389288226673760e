// Owns the one-line sync state of the sidebar as data: which message, in which colour, for a
// given `SyncOverview`, and the order in which the states win over each other. Pure: the
// caller translates the line and draws the dot.
import type { SyncOverview } from './api';
import type { MessageKey } from './i18n';
import type { PluralKey } from './i18n/catalogue';
import { formatTimeOfDay } from './format';

/** The dot's colour: grey, blue, green, amber, red. */
export type Tone = 'idle' | 'busy' | 'ok' | 'warning' | 'error';

export type StatusLine =
  | { tone: Tone; key: MessageKey; params: Record<string, string> }
  | { tone: Tone; plural: PluralKey; count: number };

/**
 * The state worth telling first. Blocking problems (an app too old, a refused sign-in) come
 * before conflicts, which need a person; then being offline or failing, which the app
 * retries by itself; then the routine: syncing, changes waiting, synced.
 */
export function statusLine(overview: SyncOverview | null, locale: string, now: Date = new Date()): StatusLine {
  const line = (tone: Tone, key: MessageKey, params: Record<string, string> = {}): StatusLine => ({ tone, key, params });
  if (overview === null) return line('idle', 'sync.state.checking');
  if (!overview.connected) return line('idle', 'sync.state.not_connected');
  if (overview.needs_update) return line('error', 'sync.state.needs_update');
  if (overview.signed_out) return line('error', 'sync.state.signed_out');
  if (overview.open_conflicts > 0) return { tone: 'warning', plural: 'sync.state.conflicts', count: overview.open_conflicts };
  if (overview.online === false) return line('warning', 'sync.state.offline');
  if (overview.last_error && !overview.syncing) return line('error', 'sync.state.failed');
  if (overview.syncing) return line('busy', 'sync.state.syncing');
  if (overview.waiting > 0) return { tone: 'busy', plural: 'sync.state.waiting', count: overview.waiting };
  if (overview.last_sync) return line('ok', 'sync.state.synced', { time: formatTimeOfDay(overview.last_sync, locale, now) });
  return line('busy', 'sync.state.connecting');
}

/** True when the line is about conflicts: clicking it goes to the Conflicts section. */
export function isAboutConflicts(line: StatusLine): boolean {
  return 'plural' in line && line.plural === 'sync.state.conflicts';
}
