import { describe, expect, it } from 'vitest';
import type { Organisation } from '../../lib/api';
import { checkMemberForm, emptyMemberForm, memberFormOf } from './memberForm';

const porto: Organisation = {
  id: 'org-1',
  version: 3,
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-02T00:00:00Z',
  name: 'Porto',
  kind: 'city',
  country: 'PT',
  subdivision: 'Norte',
  population: 231800,
  population_year: 2021,
  population_source: 'INE',
  address: 'Praça do General Humberto Delgado',
  website: 'https://www.porto.pt',
  email: 'cultura@cm-porto.pt',
  languages: ['pt', 'en'],
  notes: '',
  category: 'full',
  status: 'active',
  joined_on: '2004-05-01',
  left_on: null,
};

describe('member form', () => {
  it('round-trips an organisation into the input the backend takes', () => {
    const checked = checkMemberForm(memberFormOf(porto));
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const { id: _id, version: _v, created_at: _c, updated_at: _u, ...fields } = porto;
    expect(checked.input).toEqual(fields);
  });

  it('reports every broken rule next to its field', () => {
    const form = {
      ...emptyMemberForm(),
      name: '  ',
      population: '-3',
      email: 'not-an-email',
      website: 'porto',
      languages: 'portuguese',
    };
    const checked = checkMemberForm(form);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.keys(checked.errors).sort()).toEqual(['country', 'email', 'languages', 'name', 'population', 'website']);
    expect(checked.errors.population).toEqual({ problem: { key: 'validation.not_negative', params: undefined } });
  });

  it('turns empty numbers and dates into nulls and normalises the rest', () => {
    const checked = checkMemberForm({ ...emptyMemberForm(), name: ' Lyon ', country: 'fr', population: '522 250', languages: 'FR' });
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.input).toMatchObject({
      name: 'Lyon',
      country: 'FR',
      population: 522250,
      population_year: null,
      joined_on: null,
      left_on: null,
      languages: ['fr'],
    });
  });

  it('refuses leaving before joining', () => {
    const checked = checkMemberForm({ ...memberFormOf(porto), left_on: '2000-01-01' });
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.errors.left_on).toEqual({ problem: { key: 'validation.left_before_joined' } });
  });
});
