import { describe, expect, it } from 'vitest';
import type { DeliveryCounts, SmtpSettings } from '../../lib/api';
import { checkMailSettings, dayOf, defaultPort, handled, percent, statusKey } from './bulletin';

const counts = (c: Partial<DeliveryCounts>): DeliveryCounts => ({ total: 0, pending: 0, sent: 0, failed: 0, uncertain: 0, skipped: 0, ...c });

describe('send progress', () => {
  it('counts sent, failed, skipped and uncertain as handled', () => {
    const c = counts({ total: 10, pending: 4, sent: 3, failed: 1, skipped: 1, uncertain: 1 });
    expect(handled(c)).toBe(6);
    expect(percent(c)).toBe(60);
  });

  it('is 0 with nobody queued and never above 100', () => {
    expect(percent(counts({}))).toBe(0);
    expect(percent(counts({ total: 2, sent: 3 }))).toBe(100);
  });

  it('reads an unknown status as pending', () => {
    expect(statusKey('uncertain')).toBe('bulletin.status.uncertain');
    expect(statusKey('teleported')).toBe('bulletin.status.pending');
  });
});

describe('the mail server form', () => {
  const good: SmtpSettings = {
    host: 'smtp.example.org',
    port: 587,
    security: 'start_tls',
    username: 'office',
    from_address: 'office@example.org',
    from_name: 'Rencontres',
    per_minute: 60,
  };

  it('accepts a complete form', () => {
    expect(checkMailSettings(good)).toEqual({});
  });

  it('names each missing or bad field', () => {
    expect(checkMailSettings({ ...good, host: ' ', port: 0, from_address: 'office', per_minute: 0 })).toEqual({
      host: 'bulletin.error.host',
      port: 'bulletin.error.port',
      from_address: 'bulletin.error.from',
      per_minute: 'bulletin.error.per_minute',
    });
  });

  it('offers the usual port of each security mode', () => {
    expect([defaultPort('start_tls'), defaultPort('tls'), defaultPort('none')]).toEqual([587, 465, 25]);
  });

  it('shows the day of a time', () => {
    expect(dayOf('2026-05-01T10:00:00.000Z')).toBe('2026-05-01');
    expect(dayOf('2026-05-01')).toBe('2026-05-01');
    expect(dayOf(null)).toBe('');
  });
});
