import { describe, expect, it } from 'vitest';
import type { Person } from '../../lib/api';
import { checkContactForm, contactFormOf, emptyContactForm, fullName } from './contactForm';

const claire: Person = {
  id: 'p1',
  version: 1,
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-01T00:00:00Z',
  organisation_name: 'Lyon',
  first_name: 'Claire',
  last_name: 'Martin',
  function: 'Deputy mayor in charge of culture',
  role: 'elected',
  organisation_id: 'org-lyon',
  emails: ['claire.martin@lyon.example', 'cm@lyon.example'],
  phones: ['+33 4 72 10 30 30'],
  languages: ['fr', 'en'],
  notes: 'Prefers French',
};

describe('contact form', () => {
  it('round-trips a person into the input the backend takes', () => {
    const checked = checkContactForm(contactFormOf(claire));
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const { id: _i, version: _v, created_at: _c, updated_at: _u, organisation_name: _o, ...fields } = claire;
    expect(checked.input).toEqual(fields);
  });

  it('asks for a name, shown next to the last name', () => {
    const checked = checkContactForm(emptyContactForm());
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.errors.last_name).toEqual({ problem: { key: 'validation.name_required' } });
  });

  it('accepts a first name alone', () => {
    expect(checkContactForm({ ...emptyContactForm(), first_name: 'Aoife' }).ok).toBe(true);
  });

  it('names a bad e-mail in the emails field and a bad phone in the phones field', () => {
    const checked = checkContactForm({ ...emptyContactForm('org-1'), last_name: 'Murphy', emails: 'ok@cork.example, broken@', phones: 'abc' });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors.emails).toEqual({ problem: { key: 'validation.email', params: { value: 'broken@' } } });
    expect(checked.errors.phones).toMatchObject({ problem: { key: 'validation.phone' } });
  });

  it('keeps the organisation a new contact was started from', () => {
    const form = { ...emptyContactForm('org-9', 'Porto'), last_name: 'Silva' };
    expect(form.organisation_name).toBe('Porto');
    const checked = checkContactForm(form);
    expect(checked.ok && checked.input.organisation_id).toBe('org-9');
    expect(checked.ok && 'organisation_name' in checked.input).toBe(false);
  });

  it('writes a full name from whichever parts exist', () => {
    expect(fullName(claire)).toBe('Claire Martin');
    expect(fullName({ first_name: '', last_name: 'Murphy' })).toBe('Murphy');
  });
});
