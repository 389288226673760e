import { describe, expect, it } from 'vitest';
import { formatDate, formatNumber } from './format';

describe('format', () => {
  it('groups thousands the way each language does', () => {
    expect(formatNumber(231800, 'en-GB')).toBe('231,800');
    expect(formatNumber(231800, 'fr-FR').replace(/\s/g, ' ')).toBe('231 800');
    expect(formatNumber(null, 'en-GB')).toBe('');
  });
  it('writes a calendar date without shifting it by a time zone', () => {
    expect(formatDate('2002-01-15', 'en-GB')).toBe('15 Jan 2002');
    expect(formatDate('not a date', 'en-GB')).toBe('not a date');
  });
});
