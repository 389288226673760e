import { describe, expect, it } from 'vitest';
import type { Practice } from '../../lib/api';
import { checkPracticeForm, emptyPracticeForm, periodText, practiceFormOf, practiceInputOf, themeKey, THEMES, yearFilter } from './practices';

const stored: Practice = {
  id: 'p1',
  title: 'Orchestra at school',
  summary: 'Every pupil plays',
  body: '**Yes**',
  place: 'Porto',
  country: 'PT',
  organisation_id: 'o1',
  themes: ['heritage', 'artistic_education'],
  tags: ['music', 'youth'],
  period_start: 2019,
  period_end: null,
  links: ['https://porto.pt', 'https://example.org'],
  event: 'Conference 2023',
  organisation_name: 'Porto',
  country_name: 'Portugal',
  body_html: '<p><strong>Yes</strong></p>',
  updated_at: '2026-01-01T00:00:00Z',
};

describe('the practice form', () => {
  it('round-trips a stored practice to the same input, themes in vocabulary order', () => {
    const input = practiceInputOf(practiceFormOf(stored));
    expect(input).toEqual({
      title: 'Orchestra at school',
      summary: 'Every pupil plays',
      body: '**Yes**',
      place: 'Porto',
      country: 'PT',
      organisation_id: 'o1',
      themes: ['artistic_education', 'heritage'],
      tags: ['music', 'youth'],
      period_start: 2019,
      period_end: null,
      links: ['https://porto.pt', 'https://example.org'],
      event: 'Conference 2023',
    });
  });

  it('splits tags on commas and links on spaces or lines, dropping blanks', () => {
    const input = practiceInputOf({ ...emptyPracticeForm(), title: 'x', country: 'fr', tags: ' a, ,b ,', links: 'https://a.eu\n\n  https://b.eu ' });
    expect(input.tags).toEqual(['a', 'b']);
    expect(input.links).toEqual(['https://a.eu', 'https://b.eu']);
    expect(input.country).toBe('FR');
    expect(input.organisation_id).toBeNull();
  });

  it('asks for a title and a country (or an organisation) before the backend', () => {
    expect(checkPracticeForm(emptyPracticeForm())).toEqual({ title: 'practices.error.title', country: 'practices.error.country' });
    expect(checkPracticeForm({ ...emptyPracticeForm(), title: 't', organisation_id: 'o1' })).toEqual({});
  });

  it('checks the period: four-digit years, an end needs a start and comes after it', () => {
    const base = { ...emptyPracticeForm(), title: 't', country: 'PT' };
    expect(checkPracticeForm({ ...base, period_start: '19' })).toEqual({ period_start: 'practices.error.year' });
    expect(checkPracticeForm({ ...base, period_end: '2020' })).toEqual({ period_start: 'practices.error.start_missing' });
    expect(checkPracticeForm({ ...base, period_start: '2021', period_end: '2020' })).toEqual({ period_end: 'practices.error.end_before_start' });
    expect(checkPracticeForm({ ...base, period_start: '2020', period_end: '2020' })).toEqual({});
  });
});

describe('periods and filters', () => {
  it('reads a period as a range, one year, or since', () => {
    const since = (y: number) => `since ${y}`;
    expect(periodText(2019, 2023, since)).toBe('2019–2023');
    expect(periodText(2021, 2021, since)).toBe('2021');
    expect(periodText(2019, null, since)).toBe('since 2019');
    expect(periodText(null, null, since)).toBe('');
  });

  it('takes a year filter only once four digits are typed', () => {
    expect(yearFilter('20')).toBeNull();
    expect(yearFilter(' 2020 ')).toBe(2020);
    expect(yearFilter('')).toBeNull();
  });

  it('has a message key for each of the nine themes', () => {
    expect(THEMES).toHaveLength(9);
    expect(themeKey('artists_rights')).toBe('practices.theme.artists_rights');
  });
});
