import { describe, expect, it } from 'vitest';
import { fieldLabel, fieldValueText } from './fieldValue';
import { applyLanguage } from './i18n';

const text = (field: string, value: Parameters<typeof fieldValueText>[1], locale = 'en-GB') => fieldValueText(field, value, locale);

describe('fieldValueText', () => {
  it('writes blanks as "(empty)"', () => {
    applyLanguage('en');
    expect(text('name', null)).toBe('(empty)');
    expect(text('name', '')).toBe('(empty)');
    expect(text('emails', [])).toBe('(empty)');
  });

  it('writes strings as they are and lists joined by commas', () => {
    applyLanguage('en');
    expect(text('name', 'Porto')).toBe('Porto');
    expect(text('emails', ['a@porto.pt', 'b@porto.pt'])).toBe('a@porto.pt, b@porto.pt');
  });

  it('groups a population by the locale, but writes years as stored', () => {
    applyLanguage('en');
    expect(text('population', 231800)).toBe('231,800');
    expect(text('population', 231800, 'fr-FR').replace(/\s/g, ' ')).toBe('231 800');
    expect(text('population_year', 2021)).toBe('2021');
  });

  it('writes the deleted flag as "deleted" or "present", in the current language', () => {
    applyLanguage('en');
    expect(text('deleted', true)).toBe('deleted');
    expect(text('deleted', false)).toBe('present');
    applyLanguage('fr');
    expect(text('deleted', true)).toBe('supprimé');
    expect(text('deleted', false)).toBe('présent');
    applyLanguage('en');
  });

  it('writes other booleans as yes or no', () => {
    applyLanguage('en');
    expect(text('notes', true)).toBe('yes');
    expect(text('notes', false)).toBe('no');
  });

  it('labels enum values and dates, and names organisations through the caller', () => {
    applyLanguage('en');
    expect(text('status', 'active')).toBe('Active');
    expect(text('status', 'not-an-enum-value')).toBe('not-an-enum-value');
    expect(text('joined_on', '2002-01-15')).toBe('15 Jan 2002');
    expect(fieldValueText('organisation_id', 'org-1', 'en-GB', (id) => `name of ${id}`)).toBe('name of org-1');
  });
});

describe('fieldLabel', () => {
  it('reuses the form labels and falls back to the field name', () => {
    applyLanguage('en');
    expect(fieldLabel('population_year')).toBe('Population year');
    expect(fieldLabel('first_name')).toBe('First name');
    expect(fieldLabel('something_new')).toBe('something_new');
    applyLanguage('fr');
    expect(fieldLabel('email')).not.toBe('email');
    applyLanguage('en');
  });
});
