import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SyncOverview } from './api';

// The backend is replaced: the overview is whatever `current` says, and the test fires the
// "sync-changed" event itself.
let current: SyncOverview;
let fire: (pulled: number) => void = () => undefined;
vi.mock('./api', () => ({
  api: { syncOverview: vi.fn(async () => current) },
  onSyncChanged: vi.fn(async (callback: (pulled: number) => void) => {
    fire = callback;
    return () => undefined;
  }),
}));

const { dataVersion, pulledVersion } = await import('./data.svelte');
const { startSync, sync } = await import('./sync.svelte');

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function overview(change: Partial<SyncOverview> = {}): SyncOverview {
  return {
    connected: true,
    server_url: 'https://sync.example.org',
    username: 'anna',
    online: true,
    syncing: false,
    waiting: 0,
    last_sync: new Date().toISOString(),
    open_conflicts: 0,
    last_error: null,
    needs_update: false,
    signed_out: false,
    ...change,
  };
}

let stop: (() => void) | undefined;
afterEach(() => stop?.());

describe('sync state', () => {
  it('reads the overview at start and follows events', async () => {
    current = overview({ connected: false, server_url: null, username: null, online: null, last_sync: null });
    stop = startSync();
    await settle();
    expect(sync.line).toMatchObject({ key: 'sync.state.not_connected' });
    current = overview({ waiting: 2 });
    fire(0);
    await settle();
    expect(sync.line).toMatchObject({ plural: 'sync.state.waiting', count: 2 });
  });

  it('makes lists and open pages read again only when a sync pulled something', async () => {
    current = overview();
    stop = startSync();
    await settle();
    const [data, pulled, rounds] = [dataVersion.value, pulledVersion.value, sync.rounds];
    fire(0);
    await settle();
    expect([dataVersion.value, pulledVersion.value]).toEqual([data, pulled]);
    expect(sync.rounds).toBe(rounds + 1);
    fire(3);
    await settle();
    expect([dataVersion.value, pulledVersion.value]).toEqual([data + 1, pulled + 1]);
  });

  it('does not flash "Syncing…" for a round that ends at once', async () => {
    current = overview({ syncing: true });
    stop = startSync();
    await settle();
    expect(sync.line).toMatchObject({ key: 'sync.state.synced' });
  });
});
