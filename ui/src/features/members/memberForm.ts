// Owns the members edit form as text fields: filling it from an organisation, checking it
// with the client-side rules, and turning it into the OrganisationInput the backend takes.
import type { MembershipCategory, MembershipStatus, Organisation, OrganisationInput, OrganisationKind } from '../../lib/api';
import type { FormErrors } from '../../lib/forms';
import * as rules from '../../lib/validation';

export interface MemberForm {
  name: string;
  kind: OrganisationKind;
  country: string;
  subdivision: string;
  population: string;
  population_year: string;
  population_source: string;
  address: string;
  website: string;
  email: string;
  languages: string;
  notes: string;
  category: MembershipCategory;
  status: MembershipStatus;
  joined_on: string;
  left_on: string;
}

export function emptyMemberForm(): MemberForm {
  return {
    name: '',
    kind: 'city',
    country: '',
    subdivision: '',
    population: '',
    population_year: '',
    population_source: '',
    address: '',
    website: '',
    email: '',
    languages: '',
    notes: '',
    category: 'full',
    status: 'active',
    joined_on: '',
    left_on: '',
  };
}

export function memberFormOf(organisation: Organisation): MemberForm {
  return {
    name: organisation.name,
    kind: organisation.kind,
    country: organisation.country,
    subdivision: organisation.subdivision,
    population: organisation.population === null ? '' : String(organisation.population),
    population_year: organisation.population_year === null ? '' : String(organisation.population_year),
    population_source: organisation.population_source,
    address: organisation.address,
    website: organisation.website,
    email: organisation.email,
    languages: organisation.languages.join(', '),
    notes: organisation.notes,
    category: organisation.category,
    status: organisation.status,
    joined_on: organisation.joined_on ?? '',
    left_on: organisation.left_on ?? '',
  };
}

export type MemberCheck = { ok: true; input: OrganisationInput } | { ok: false; errors: FormErrors<MemberForm> };

/** Every rule broken is reported at once, each next to its field. */
export function checkMemberForm(form: MemberForm): MemberCheck {
  const errors: FormErrors<MemberForm> = {};
  function take<T>(field: keyof MemberForm, checked: rules.Checked<T>, fallback: T): T {
    if (checked.ok) return checked.value;
    errors[field] = { problem: checked.problem };
    return fallback;
  }
  const name = take('name', rules.requiredText(form.name, 200), '');
  if (form.country.trim() === '') errors.country = { problem: { key: 'validation.country' } };
  const population = take('population', rules.wholeNumber(form.population), null);
  const populationYear = take('population_year', rules.year(form.population_year), null);
  const website = take('website', rules.website(form.website), '');
  const email = take('email', rules.optionalEmail(form.email), '');
  const languages = take('languages', rules.languageCodes(form.languages), []);
  const joinedOn = take('joined_on', rules.calendarDate(form.joined_on), null);
  const leftOn = take('left_on', rules.calendarDate(form.left_on), null);
  if (joinedOn && leftOn && leftOn < joinedOn) errors.left_on = { problem: { key: 'validation.left_before_joined' } };
  const subdivision = take('subdivision', rules.optionalText(form.subdivision, 200), '');
  const populationSource = take('population_source', rules.optionalText(form.population_source, 200), '');
  const address = take('address', rules.optionalText(form.address, 500), '');
  const notes = take('notes', rules.optionalText(form.notes, 10_000), '');
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    input: {
      name,
      kind: form.kind,
      country: form.country.trim().toUpperCase(),
      subdivision,
      population,
      population_year: populationYear,
      population_source: populationSource,
      address,
      website,
      email,
      languages,
      notes,
      category: form.category,
      status: form.status,
      joined_on: joinedOn,
      left_on: leftOn,
    },
  };
}
