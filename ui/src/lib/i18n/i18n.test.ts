import { describe, expect, it } from 'vitest';
import { MEMBERSHIP_CATEGORIES, MEMBERSHIP_STATUSES, ORGANISATION_KINDS, PERSON_ROLES } from '../enums';
import { en } from './en';
import { fr } from './fr';
import { initialLanguage, interpolate, placeholders, pluralForm } from './translate';

const keys = (catalogue: object) => Object.keys(catalogue).sort();

describe('catalogues', () => {
  it('define exactly the same keys in English and French', () => {
    expect(keys(fr)).toEqual(keys(en));
  });

  it('have no empty message', () => {
    for (const [language, catalogue] of Object.entries({ en, fr })) {
      for (const [key, message] of Object.entries(catalogue)) {
        expect(message.trim(), `${language} ${key}`).not.toBe('');
      }
    }
  });

  it('keep the same {placeholders} in both languages', () => {
    for (const key of keys(en) as (keyof typeof en)[]) {
      expect(placeholders(fr[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('label every value of every enum', () => {
    const wanted = [
      ...ORGANISATION_KINDS.map((v) => `kind.${v}`),
      ...MEMBERSHIP_CATEGORIES.map((v) => `category.${v}`),
      ...MEMBERSHIP_STATUSES.map((v) => `status.${v}`),
      ...PERSON_ROLES.map((v) => `role.${v}`),
    ];
    for (const key of wanted) expect(keys(en), key).toContain(key);
  });

  it('give every counted message both forms', () => {
    for (const key of keys(en).filter((k) => k.endsWith('.one'))) {
      expect(keys(en)).toContain(key.replace(/\.one$/, '.other'));
    }
  });

  it('translate the page titles the tests look for', () => {
    expect([fr['nav.members'], fr['nav.contacts'], fr['nav.settings'], fr['action.save']]).toEqual([
      'Membres',
      'Contacts',
      'Paramètres',
      'Enregistrer',
    ]);
  });
});

describe('interpolate', () => {
  it('fills named placeholders', () => {
    expect(interpolate('“{name}” deleted.', { name: 'Porto' })).toBe('“Porto” deleted.');
    expect(interpolate('{a} and {b} and {a}', { a: 1, b: 'two' })).toBe('1 and two and 1');
  });
  it('leaves a placeholder without a value visible', () => {
    expect(interpolate('Hello {name}', {})).toBe('Hello {name}');
    expect(interpolate('Hello {name}')).toBe('Hello {name}');
  });
});

describe('initialLanguage', () => {
  it('prefers what the store remembers', () => {
    expect(initialLanguage('fr', 'en-GB')).toBe('fr');
    expect(initialLanguage('en', 'fr-FR')).toBe('en');
  });
  it('follows a French system when nothing is remembered, else English', () => {
    expect(initialLanguage(null, 'fr-BE')).toBe('fr');
    expect(initialLanguage(null, 'FR')).toBe('fr');
    expect(initialLanguage(null, 'de-DE')).toBe('en');
    expect(initialLanguage(undefined, undefined)).toBe('en');
    expect(initialLanguage('xx', 'pt-PT')).toBe('en');
  });
});

describe('pluralForm', () => {
  it('treats 0 and 1 as singular in French but only 1 in English', () => {
    expect(pluralForm('en', 1)).toBe('one');
    expect(pluralForm('en', 0)).toBe('other');
    expect(pluralForm('fr', 0)).toBe('one');
    expect(pluralForm('fr', 1)).toBe('one');
    expect(pluralForm('fr', 2)).toBe('other');
    expect(pluralForm('fr', 1_000_000)).toBe('other');
  });
});
