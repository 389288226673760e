// Owns the contacts edit form as text fields: filling it from a person, checking it with the
// client-side rules, and turning it into the PersonInput the backend takes.
import type { Person, PersonInput, PersonRole } from '../../lib/api';
import type { FormErrors } from '../../lib/forms';
import * as rules from '../../lib/validation';

export interface ContactForm {
  first_name: string;
  last_name: string;
  function: string;
  role: PersonRole;
  organisation_id: string | null;
  /** Shown in the organisation picker; not sent, the backend knows it from the id. */
  organisation_name: string;
  emails: string;
  phones: string;
  languages: string;
  notes: string;
}

export function emptyContactForm(organisationId: string | null = null, organisationName = ''): ContactForm {
  return {
    first_name: '',
    last_name: '',
    function: '',
    role: 'officer',
    organisation_id: organisationId,
    organisation_name: organisationName,
    emails: '',
    phones: '',
    languages: '',
    notes: '',
  };
}

export function contactFormOf(person: Person): ContactForm {
  return {
    first_name: person.first_name,
    last_name: person.last_name,
    function: person.function,
    role: person.role,
    organisation_id: person.organisation_id,
    organisation_name: person.organisation_name ?? '',
    emails: person.emails.join(', '),
    phones: person.phones.join(', '),
    languages: person.languages.join(', '),
    notes: person.notes,
  };
}

export type ContactCheck = { ok: true; input: PersonInput } | { ok: false; errors: FormErrors<ContactForm> };

export function checkContactForm(form: ContactForm): ContactCheck {
  const errors: FormErrors<ContactForm> = {};
  function take<T>(field: keyof ContactForm, checked: rules.Checked<T>, fallback: T): T {
    if (checked.ok) return checked.value;
    errors[field] = { problem: checked.problem };
    return fallback;
  }
  const firstName = take('first_name', rules.optionalText(form.first_name, 100), '');
  const lastName = take('last_name', rules.optionalText(form.last_name, 100), '');
  if (!errors.first_name && !errors.last_name && firstName === '' && lastName === '') {
    errors.last_name = { problem: { key: 'validation.name_required' } };
  }
  const role = form.role;
  const func = take('function', rules.optionalText(form.function, 200), '');
  const emails = take('emails', rules.emailList(form.emails), []);
  const phones = take('phones', rules.phoneList(form.phones), []);
  const languages = take('languages', rules.languageCodes(form.languages), []);
  const notes = take('notes', rules.optionalText(form.notes, 10_000), '');
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    input: {
      first_name: firstName,
      last_name: lastName,
      function: func,
      role,
      organisation_id: form.organisation_id || null,
      emails,
      phones,
      languages,
      notes,
    },
  };
}

/** "Claire Martin", or whichever half of the name there is. */
export function fullName(person: { first_name: string; last_name: string }): string {
  return [person.first_name, person.last_name].filter((part) => part.trim() !== '').join(' ');
}
