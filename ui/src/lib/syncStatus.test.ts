import { describe, expect, it } from 'vitest';
import type { SyncOverview } from './api';
import { formatTimeOfDay } from './format';
import { isAboutConflicts, statusLine } from './syncStatus';

const NOW = new Date(2025, 10, 25, 16, 0);
const LAST_SYNC = new Date(2025, 10, 25, 14, 5).toISOString();

/** Connected, online, synced at 14:05, nothing waiting: the everyday state. */
function overview(change: Partial<SyncOverview> = {}): SyncOverview {
  return {
    connected: true,
    server_url: 'https://sync.example.org',
    username: 'anna',
    online: true,
    syncing: false,
    waiting: 0,
    last_sync: LAST_SYNC,
    open_conflicts: 0,
    last_error: null,
    needs_update: false,
    signed_out: false,
    ...change,
  };
}

const line = (change: Partial<SyncOverview> = {}) => statusLine(overview(change), 'en-GB', NOW);

describe('statusLine', () => {
  it('says it is still checking before the first read', () => {
    expect(statusLine(null, 'en-GB', NOW)).toEqual({ tone: 'idle', key: 'sync.state.checking', params: {} });
  });

  it('says "synced" with the local time of the last sync when all is sent', () => {
    expect(line()).toEqual({ tone: 'ok', key: 'sync.state.synced', params: { time: '14:05' } });
  });

  it('writes the time in the locale, with the day when it was not today', () => {
    expect(statusLine(overview(), 'fr-FR', NOW)).toMatchObject({ params: { time: '14:05' } });
    const yesterday = new Date(2025, 10, 24, 9, 30).toISOString();
    expect(line({ last_sync: yesterday })).toMatchObject({ key: 'sync.state.synced', params: { time: formatTimeOfDay(yesterday, 'en-GB', NOW) } });
    expect(formatTimeOfDay(yesterday, 'en-GB', NOW)).toMatch(/24 Nov/);
  });

  it('says not connected whenever there is no server, whatever else it holds', () => {
    expect(line({ connected: false, server_url: null, username: null, online: null, last_sync: null })).toEqual({
      tone: 'idle',
      key: 'sync.state.not_connected',
      params: {},
    });
    expect(line({ connected: false, waiting: 4, open_conflicts: 2, needs_update: true, signed_out: true })).toMatchObject({
      key: 'sync.state.not_connected',
    });
  });

  it('asks for an update before anything else once connected', () => {
    expect(line({ needs_update: true, signed_out: true, open_conflicts: 2, online: false, waiting: 3 })).toEqual({
      tone: 'error',
      key: 'sync.state.needs_update',
      params: {},
    });
  });

  it('asks to sign in again before conflicts and the network', () => {
    expect(line({ signed_out: true, open_conflicts: 2, online: false, syncing: true })).toEqual({
      tone: 'error',
      key: 'sync.state.signed_out',
      params: {},
    });
  });

  it('counts open conflicts in amber, before offline, syncing and waiting', () => {
    const conflicts = line({ open_conflicts: 2, online: false, syncing: true, waiting: 5, last_error: 'boom' });
    expect(conflicts).toEqual({ tone: 'warning', plural: 'sync.state.conflicts', count: 2 });
    expect(isAboutConflicts(conflicts)).toBe(true);
    expect(isAboutConflicts(line())).toBe(false);
  });

  it('says offline, changes kept, before syncing and waiting', () => {
    expect(line({ online: false, syncing: true, waiting: 3, last_error: 'connection refused' })).toEqual({
      tone: 'warning',
      key: 'sync.state.offline',
      params: {},
    });
  });

  it('says a round failed when the server answered with an error, until the next round runs', () => {
    expect(line({ last_error: 'the server answered 500', waiting: 2 })).toEqual({ tone: 'error', key: 'sync.state.failed', params: {} });
    expect(line({ last_error: 'the server answered 500', syncing: true })).toMatchObject({ key: 'sync.state.syncing' });
  });

  it('says syncing while a round runs, before counting what waits', () => {
    expect(line({ syncing: true, waiting: 3 })).toEqual({ tone: 'busy', key: 'sync.state.syncing', params: {} });
    expect(line({ syncing: true, online: null, last_sync: null })).toMatchObject({ key: 'sync.state.syncing' });
  });

  it('counts the changes waiting to be sent', () => {
    expect(line({ waiting: 3 })).toEqual({ tone: 'busy', plural: 'sync.state.waiting', count: 3 });
    expect(line({ waiting: 1, last_sync: null })).toEqual({ tone: 'busy', plural: 'sync.state.waiting', count: 1 });
  });

  it('says connecting when signed in but never synced yet', () => {
    expect(line({ online: null, last_sync: null })).toEqual({ tone: 'busy', key: 'sync.state.connecting', params: {} });
  });
});
