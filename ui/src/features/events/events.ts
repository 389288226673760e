// Owns the plain logic of the Events area: the event form (text fields ↔ `EventInput`, its
// own checks), a suggestion turned into a form, the door's answer as a tone and its lines,
// and the labels' message keys. Pure: no API, no DOM, so vitest covers it.
import type {
  CheckInNote,
  CheckInOutcome,
  Event,
  EventInput,
  EventKind,
  EventStatus,
  EventSuggestion,
  PaymentStatus,
  RedReason,
  Tier,
} from '../../lib/api';
import type { MessageKey } from '../../lib/i18n';

export const EVENT_KINDS: readonly EventKind[] = ['general_assembly', 'national', 'thematic', 'regional'];
export const EVENT_STATUSES: readonly EventStatus[] = ['draft', 'open', 'closed', 'held', 'cancelled'];
export const TIERS: readonly Tier[] = ['member', 'associate', 'non_member', 'speaker'];
export const PAYMENTS: readonly PaymentStatus[] = ['unpaid', 'paid', 'waived', 'refunded'];

export const kindKey = (kind: EventKind) => `events.kind.${kind}` as MessageKey;
export const statusKey = (status: EventStatus) => `events.status.${status}` as MessageKey;
export const tierKey = (tier: Tier) => `events.tier.${tier}` as MessageKey;
export const paymentKey = (payment: PaymentStatus) => `events.payment.${payment}` as MessageKey;

/** The event form as typed: every field a string. */
export interface EventForm {
  kind: EventKind;
  title: string;
  city: string;
  country: string;
  venue: string;
  starts_on: string;
  ends_on: string;
  capacity: string;
  status: EventStatus;
  /** Server usernames separated by commas or spaces. */
  organisers: string;
  notes: string;
}

export function emptyEventForm(): EventForm {
  return { kind: 'thematic', title: '', city: '', country: '', venue: '', starts_on: '', ends_on: '', capacity: '', status: 'draft', organisers: '', notes: '' };
}

export function eventFormOf(event: Event): EventForm {
  return {
    kind: event.kind,
    title: event.title,
    city: event.city,
    country: event.country,
    venue: event.venue,
    starts_on: event.starts_on,
    ends_on: event.ends_on,
    capacity: event.capacity === null ? '' : String(event.capacity),
    status: event.status,
    organisers: event.organisers.join(', '),
    notes: event.notes,
  };
}

/**
 * A suggestion from the reference data as a new event's form; the dates start at the opening
 * of its window (the year, or the presidency's semester), to be moved to the real ones.
 */
export function formOfSuggestion(suggestion: EventSuggestion): EventForm {
  return {
    ...emptyEventForm(),
    kind: suggestion.kind,
    title: suggestion.title,
    city: suggestion.city,
    country: suggestion.country,
    starts_on: suggestion.window_from,
    ends_on: suggestion.window_from,
  };
}

export function organisersOf(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/** The form's own checks, as message keys by field; the backend checks again. */
export function checkEventForm(form: EventForm): Record<string, MessageKey> {
  const errors: Record<string, MessageKey> = {};
  if (form.title.trim() === '') errors.title = 'events.error.title';
  if (form.city.trim() === '') errors.city = 'events.error.city';
  if (!/^[A-Za-z]{2}$/.test(form.country.trim())) errors.country = 'events.error.country';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.starts_on)) errors.starts_on = 'events.error.starts_on';
  if (form.ends_on !== '' && form.starts_on !== '' && form.ends_on < form.starts_on) errors.ends_on = 'events.error.ends_on';
  const capacity = form.capacity.trim();
  if (capacity !== '' && !(/^\d+$/.test(capacity) && Number(capacity) > 0)) errors.capacity = 'events.error.capacity';
  return errors;
}

export function eventInputOf(form: EventForm): EventInput {
  const capacity = form.capacity.trim();
  return {
    kind: form.kind,
    title: form.title.trim(),
    city: form.city.trim(),
    country: form.country.trim().toUpperCase(),
    venue: form.venue.trim(),
    starts_on: form.starts_on,
    ends_on: form.ends_on || form.starts_on,
    capacity: capacity === '' ? null : Number(capacity),
    status: form.status,
    organisers: organisersOf(form.organisers),
    notes: form.notes,
  };
}

export type Tone = 'green' | 'amber' | 'red';

export function toneOf(outcome: CheckInOutcome): Tone {
  return outcome.outcome;
}

export const redKey = (reason: RedReason) => `events.door.red.${reason}` as MessageKey;

/** A note of a green answer as a message key and its parameters (money already formatted). */
export function noteText(note: CheckInNote, euros: (cents: number) => string): { key: MessageKey; params?: Record<string, string> } {
  switch (note.kind) {
    case 'speaker':
      return { key: 'events.note.speaker' };
    case 'dues_unpaid':
      return { key: 'events.note.dues_unpaid' };
    case 'payment_due':
      return { key: 'events.note.payment_due', params: { amount: euros(note.cents) } };
    case 'diet':
      return { key: 'events.note.diet', params: { text: note.text } };
    case 'access':
      return { key: 'events.note.access', params: { text: note.text } };
    case 'proxy':
      return { key: 'events.note.proxy', params: { organisation: note.organisation } };
    case 'walk_in':
      return { key: 'events.note.walk_in' };
  }
}

/** What a scanner or a typist sent, ready to look up; '' when there is nothing to look up. */
export function scannedCode(text: string): string {
  return text.replace(/[\r\n\t]/g, '').trim();
}

/** Splits "First Last" typed at the door into names (the last word is the last name). */
export function splitName(text: string): { first_name: string; last_name: string } {
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  if (words.length <= 1) return { first_name: '', last_name: words[0] ?? '' };
  return { first_name: words.slice(0, -1).join(' '), last_name: words[words.length - 1] };
}
