import { describe, expect, it } from 'vitest';
import {
  calendarDate,
  email,
  emailList,
  languageCodes,
  optionalEmail,
  phoneList,
  requiredText,
  splitList,
  website,
  wholeNumber,
  year,
} from './validation';

const problemOf = (checked: { ok: boolean; problem?: { key: string } }) => (checked.ok ? null : checked.problem?.key);

describe('required text', () => {
  it('refuses blank text and trims the rest', () => {
    expect(problemOf(requiredText('   ', 200))).toBe('validation.required');
    expect(requiredText('  Porto ', 200)).toEqual({ ok: true, value: 'Porto' });
    expect(problemOf(requiredText('x'.repeat(201), 200))).toBe('validation.too_long');
  });
});

describe('whole numbers (population)', () => {
  it('accepts empty as no value and plain digits as a number', () => {
    expect(wholeNumber('')).toEqual({ ok: true, value: null });
    expect(wholeNumber(' 231800 ')).toEqual({ ok: true, value: 231800 });
    expect(wholeNumber('0')).toEqual({ ok: true, value: 0 });
  });
  it('accepts thousands written with spaces, commas or dots', () => {
    expect(wholeNumber('231 800')).toEqual({ ok: true, value: 231800 });
    expect(wholeNumber('231\u202f800')).toEqual({ ok: true, value: 231800 });
    expect(wholeNumber('2,231,800')).toEqual({ ok: true, value: 2231800 });
    expect(wholeNumber('231.800')).toEqual({ ok: true, value: 231800 });
  });
  it('refuses negatives, decimals and words', () => {
    expect(problemOf(wholeNumber('-5'))).toBe('validation.not_negative');
    expect(problemOf(wholeNumber('1.5'))).toBe('validation.whole_number');
    expect(problemOf(wholeNumber('12,5'))).toBe('validation.whole_number');
    expect(problemOf(wholeNumber('many'))).toBe('validation.whole_number');
    expect(problemOf(wholeNumber('1e6'))).toBe('validation.whole_number');
  });
  it('checks a census year is plausible', () => {
    expect(year('2021')).toEqual({ ok: true, value: 2021 });
    expect(year('')).toEqual({ ok: true, value: null });
    expect(problemOf(year('1700'))).toBe('validation.year');
    expect(problemOf(year('twenty'))).toBe('validation.year');
  });
});

describe('e-mail addresses', () => {
  it('accepts ordinary addresses, trimmed', () => {
    expect(email(' culture@porto.pt ')).toEqual({ ok: true, value: 'culture@porto.pt' });
    expect(email("anne-marie.o'neil@ville-lyon.fr").ok).toBe(true);
    expect(email('élise@mairie-évry.fr').ok).toBe(true);
  });
  it('refuses the shapes the backend refuses', () => {
    for (const bad of ['not-an-email', 'a@b', '@porto.pt', 'a b@porto.pt', 'a@porto..pt', 'a@@porto.pt', 'a.@porto.pt', 'a@-porto.pt']) {
      expect(problemOf(email(bad)), bad).toBe('validation.email');
    }
  });
  it('names the bad address in a list and drops duplicates', () => {
    expect(emailList('a@x.org, b@y.org; a@x.org')).toEqual({ ok: true, value: ['a@x.org', 'b@y.org'] });
    const checked = emailList('a@x.org, nope');
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problem.params).toEqual({ value: 'nope' });
  });
  it('lets an optional address stay empty', () => {
    expect(optionalEmail('  ')).toEqual({ ok: true, value: '' });
  });
});

describe('web addresses', () => {
  it('accepts full addresses and bare hosts', () => {
    expect(website('www.porto.pt').ok).toBe(true);
    expect(website('http://cm-porto.pt/cultura?x=1').ok).toBe(true);
    expect(website('https://localhost.example:8080/a').ok).toBe(true);
    expect(website('')).toEqual({ ok: true, value: '' });
  });
  it('refuses hosts without a dot, other schemes and spaces', () => {
    for (const bad of ['porto', 'ftp://porto.pt', 'https://por to.pt', 'https://.pt']) {
      expect(problemOf(website(bad)), bad).toBe('validation.website');
    }
  });
});

describe('language codes', () => {
  it('lower-cases, splits on commas or spaces and drops duplicates', () => {
    expect(languageCodes('FR, en fr')).toEqual({ ok: true, value: ['fr', 'en'] });
    expect(languageCodes('')).toEqual({ ok: true, value: [] });
  });
  it('refuses anything but two letters', () => {
    expect(problemOf(languageCodes('french'))).toBe('validation.language');
    expect(problemOf(languageCodes('f1'))).toBe('validation.language');
  });
});

describe('dates', () => {
  it('accepts real days and empty', () => {
    expect(calendarDate('2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    expect(calendarDate('')).toEqual({ ok: true, value: null });
  });
  it('refuses impossible days and other shapes', () => {
    expect(problemOf(calendarDate('2023-02-29'))).toBe('validation.date');
    expect(problemOf(calendarDate('29/02/2024'))).toBe('validation.date');
  });
});

describe('phones', () => {
  it('accepts international numbers and refuses letters or too few digits', () => {
    expect(phoneList('+33 1 23 45 67 89, (0)22-123.456')).toEqual({ ok: true, value: ['+33 1 23 45 67 89', '(0)22-123.456'] });
    expect(problemOf(phoneList('call me'))).toBe('validation.phone');
    expect(problemOf(phoneList('123'))).toBe('validation.phone');
  });
});

describe('splitList', () => {
  it('splits on commas, semicolons and new lines', () => {
    expect(splitList(' a, b ;c\n\nd ,')).toEqual(['a', 'b', 'c', 'd']);
  });
});
