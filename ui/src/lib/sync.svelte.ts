// Owns the sync state the whole window shares: the backend's `SyncOverview`, read at start,
// on every "sync-changed" event and every 5 s as a fallback; the one-line status derived from
// it; the signal that a sync brought records (so lists and open pages read again); and the
// Sidebar's request to show the Conflicts section.
import { api, onSyncChanged, type SyncOverview } from './api';
import { dataPulled } from './data.svelte';
import { i18n } from './i18n';
import { statusLine, type StatusLine } from './syncStatus';

const POLL_MS = 5_000;
/**
 * A round usually lasts a blink: "Syncing…" shows only for one that lasts longer, so the
 * line does not flicker every few seconds.
 */
const SYNCING_SHOWN_AFTER_MS = 1_000;

let overview = $state<SyncOverview | null>(null);
let loadError = $state('');
let syncingShown = $state(false);
/** Bumps each time a read after an event finds no round running: a round ended. */
let rounds = $state(0);
let conflictsWanted = $state(0);
/** The last request the Sync page has acted on. */
let conflictsServed = 0;

let request = 0;
/** An event came and no read since has found the round over. */
let eventPending = false;
let syncingTimer: ReturnType<typeof setTimeout> | undefined;

const line = $derived<StatusLine>(
  statusLine(overview && { ...overview, syncing: overview.syncing && syncingShown }, i18n.locale),
);

export const sync = {
  get overview(): SyncOverview | null {
    return overview;
  },
  /** Why the last read failed, or '' (the previous overview stays shown). */
  get loadError(): string {
    return loadError;
  },
  get line(): StatusLine {
    return line;
  },
  /** Rounds seen ending: the log and the conflicts are read again on each. */
  get rounds(): number {
    return rounds;
  },
  /** Bumps each time the Sidebar asks for the Conflicts section. */
  get conflictsWanted(): number {
    return conflictsWanted;
  },
};

/** Takes a fresh overview (from a read, or from connect and disconnect). */
export function acceptOverview(next: SyncOverview): void {
  const wasSyncing = overview?.syncing ?? false;
  overview = next;
  loadError = '';
  if (next.syncing && !wasSyncing) {
    clearTimeout(syncingTimer);
    syncingTimer = setTimeout(() => {
      if (overview?.syncing) syncingShown = true;
    }, SYNCING_SHOWN_AFTER_MS);
  } else if (!next.syncing) {
    clearTimeout(syncingTimer);
    syncingShown = false;
  }
}

/** Reads the overview again; a failed read keeps the last one. */
export async function refreshSync(): Promise<void> {
  const ticket = ++request;
  try {
    const next = await api.syncOverview();
    if (ticket !== request) return;
    acceptOverview(next);
    if (eventPending && !next.syncing) {
      eventPending = false;
      rounds += 1;
    }
  } catch (error) {
    if (ticket === request) loadError = error instanceof Error ? error.message : String(error);
  }
}

/** The Sidebar's line was about conflicts: the Sync page brings that section into view. */
export function wantConflicts(): void {
  conflictsWanted += 1;
}

/** True once per request of the Sidebar: the Sync page then brings Conflicts into view. */
export function serveConflictsRequest(): boolean {
  if (conflictsServed === conflictsWanted) return false;
  conflictsServed = conflictsWanted;
  return true;
}

/** Starts following the sync; answers the function that stops. */
export function startSync(): () => void {
  let stopped = false;
  let unlisten: (() => void) | undefined;
  void refreshSync();
  onSyncChanged((pulled) => {
    if (pulled > 0) dataPulled();
    eventPending = true;
    void refreshSync();
  }).then(
    (stop) => {
      if (stopped) stop();
      else unlisten = stop;
    },
    // Without events the 5-second reads still keep the status current.
    () => undefined,
  );
  const poll = setInterval(() => void refreshSync(), POLL_MS);
  return () => {
    stopped = true;
    clearInterval(poll);
    clearTimeout(syncingTimer);
    unlisten?.();
  };
}
