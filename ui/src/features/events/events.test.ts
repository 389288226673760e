import { describe, expect, it } from 'vitest';
import type { CheckInOutcome, EventSuggestion } from '../../lib/api';
import {
  checkEventForm,
  emptyEventForm,
  eventFormOf,
  eventInputOf,
  formOfSuggestion,
  noteText,
  organisersOf,
  scannedCode,
  splitName,
  toneOf,
} from './events';

describe('the event form', () => {
  const filled = { ...emptyEventForm(), title: 'GA 2027', city: 'Évora', country: 'pt', starts_on: '2027-05-12', capacity: '300', organisers: 'door1, door2 door1' };

  it('turns typed text into an input, the last day defaulting to the first', () => {
    const input = eventInputOf(filled);
    expect(input.country).toBe('PT');
    expect(input.capacity).toBe(300);
    expect(input.ends_on).toBe('2027-05-12');
    expect(input.organisers).toEqual(['door1', 'door2', 'door1']);
    expect(eventInputOf({ ...filled, capacity: ' ' }).capacity).toBeNull();
  });

  it('names the fields at fault', () => {
    expect(checkEventForm(emptyEventForm())).toMatchObject({ title: 'events.error.title', city: 'events.error.city', starts_on: 'events.error.starts_on' });
    expect(checkEventForm({ ...filled, ends_on: '2027-05-01' })).toEqual({ ends_on: 'events.error.ends_on' });
    expect(checkEventForm({ ...filled, capacity: '0' })).toEqual({ capacity: 'events.error.capacity' });
    expect(checkEventForm(filled)).toEqual({});
  });

  it('round-trips a stored event and fills a suggestion', () => {
    const event = { id: 'e', ...eventInputOf(filled) };
    expect(eventInputOf(eventFormOf(event))).toEqual(eventInputOf(filled));
    const suggestion: EventSuggestion = {
      kind: 'national', title: 'National meeting 2027-H1 — Lithuania', city: 'Vilnius', country: 'LT',
      window_from: '2027-01-01', window_to: '2027-06-30', reason: 'EU Council presidency 2027-H1',
    };
    expect(formOfSuggestion(suggestion)).toMatchObject({ kind: 'national', city: 'Vilnius', country: 'LT', starts_on: '2027-01-01' });
  });

  it('reads organisers separated by commas, semicolons or spaces', () => {
    expect(organisersOf(' a,b ; c  ')).toEqual(['a', 'b', 'c']);
  });
});

describe('the door', () => {
  it('shows each outcome in its own colour', () => {
    const red: CheckInOutcome = { outcome: 'red', reason: 'unknown_code', code: 'X', name: null, event_title: null };
    expect(toneOf(red)).toBe('red');
  });

  it('words notes with their values', () => {
    expect(noteText({ kind: 'payment_due', cents: 2500 }, (c) => `${c / 100} €`)).toEqual({ key: 'events.note.payment_due', params: { amount: '25 €' } });
    expect(noteText({ kind: 'speaker' }, String).key).toBe('events.note.speaker');
  });

  it('takes what a scanner typed without its line ending', () => {
    expect(scannedCode(' ABCD1234\r\n')).toBe('ABCD1234');
    expect(scannedCode('   ')).toBe('');
  });

  it('splits a walk-in name on its last word', () => {
    expect(splitName('Ana Maria Silva')).toEqual({ first_name: 'Ana Maria', last_name: 'Silva' });
    expect(splitName('Silva')).toEqual({ first_name: '', last_name: 'Silva' });
  });
});
