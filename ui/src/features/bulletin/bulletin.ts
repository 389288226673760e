// Owns the pure rules of the e-bulletin screens: how a send's progress reads (percent, what
// is done), the message keys of delivery statuses and recipient kinds, and the checks made on
// the consent, issue and mail-server forms before the backend's own.
import type { DeliveryCounts, RecipientKind, SmtpSecurity, SmtpSettings } from '../../lib/api';

export const KINDS: readonly RecipientKind[] = ['member', 'associate', 'other'];
export const SECURITIES: readonly SmtpSecurity[] = ['start_tls', 'tls', 'none'];
export const STATUSES = ['pending', 'sending', 'sent', 'failed', 'uncertain', 'skipped'] as const;
export type DeliveryStatus = (typeof STATUSES)[number];

export const kindKey = (kind: RecipientKind) => `bulletin.kind.${kind}` as const;
export const securityKey = (security: SmtpSecurity) => `bulletin.security.${security}` as const;

/** The message key of a delivery status; an unknown status (from a newer app) reads as pending. */
export function statusKey(status: string): `bulletin.status.${DeliveryStatus}` {
  const known = (STATUSES as readonly string[]).includes(status) ? (status as DeliveryStatus) : 'pending';
  return `bulletin.status.${known}`;
}

/** Recipients handled (sent, failed, skipped or uncertain). */
export function handled(counts: DeliveryCounts): number {
  return counts.sent + counts.failed + counts.skipped + counts.uncertain;
}

/** The progress bar's fill, 0–100, never NaN. */
export function percent(counts: DeliveryCounts): number {
  if (counts.total === 0) return 0;
  return Math.min(100, Math.round((handled(counts) * 100) / counts.total));
}

/** The usual port of each security mode, offered when the user switches mode. */
export function defaultPort(security: SmtpSecurity): number {
  return security === 'tls' ? 465 : security === 'start_tls' ? 587 : 25;
}

export type MailProblem = 'bulletin.error.host' | 'bulletin.error.port' | 'bulletin.error.from' | 'bulletin.error.per_minute';

/** The mail-server form's checks before the backend (which also refuses clear text to a remote host). */
export function checkMailSettings(smtp: SmtpSettings): Partial<Record<keyof SmtpSettings, MailProblem>> {
  const found: Partial<Record<keyof SmtpSettings, MailProblem>> = {};
  if (smtp.host.trim() === '') found.host = 'bulletin.error.host';
  if (!Number.isInteger(smtp.port) || smtp.port < 1 || smtp.port > 65535) found.port = 'bulletin.error.port';
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(smtp.from_address.trim())) found.from_address = 'bulletin.error.from';
  if (!Number.isInteger(smtp.per_minute) || smtp.per_minute < 1 || smtp.per_minute > 3600) found.per_minute = 'bulletin.error.per_minute';
  return found;
}

/** The date part of an ISO time, for showing ("2026-05-01T10:00:00Z" → "2026-05-01"). */
export function dayOf(time: string | null | undefined): string {
  return time ? time.slice(0, 10) : '';
}
