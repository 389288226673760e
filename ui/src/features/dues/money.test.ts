import { describe, expect, it } from 'vitest';
import { eurosInput, formatEuros, localDate, parseCount, parseEuros } from './money';

describe('parseEuros', () => {
  it('reads both decimal marks and thousands separators', () => {
    expect(parseEuros('1 200,50')).toBe(120050);
    expect(parseEuros('1,200.50')).toBe(120050);
    expect(parseEuros('1200.5')).toBe(120050);
    expect(parseEuros('1.200,50')).toBe(120050);
    expect(parseEuros('1\u202f200,50 €')).toBe(120050);
    expect(parseEuros('€1,200')).toBe(120000);
    expect(parseEuros('1.200')).toBe(120000);
    expect(parseEuros('1,5')).toBe(150);
    expect(parseEuros('0')).toBe(0);
    expect(parseEuros('1200')).toBe(120000);
    expect(parseEuros('1,234,567.89')).toBe(123456789);
  });

  it('refuses negative amounts, garbage and more than two decimals', () => {
    for (const bad of ['', ' ', '-5', '-1,00', 'abc', '12a', '1.2.3,4', '1,23,45', '1.2345', ',', '5,', '1,2345.6', '1.234,567']) {
      expect(parseEuros(bad), bad).toBeNull();
    }
  });

  it('reads one mark before exactly three digits as thousands', () => {
    expect(parseEuros('1.234')).toBe(123400);
    expect(parseEuros('1,005')).toBe(100500);
  });
});

describe('formatEuros', () => {
  it('writes whole euros without decimals and cents with two', () => {
    expect(formatEuros(120000, 'en-GB')).toBe('€1,200');
    expect(formatEuros(120050, 'en-GB')).toBe('€1,200.50');
    expect(formatEuros(120055, 'en-GB')).toBe('€1,200.55');
    expect(formatEuros(120050, 'fr-FR').replace(/\s/g, ' ')).toBe('1 200,50 €');
  });
});

describe('eurosInput', () => {
  it('gives back what parseEuros reads', () => {
    for (const cents of [0, 5, 150, 120000, 120050]) expect(parseEuros(eurosInput(cents))).toBe(cents);
  });
});

describe('localDate and parseCount', () => {
  it('write a local date and read whole numbers', () => {
    expect(localDate(new Date(2027, 0, 5))).toBe('2027-01-05');
    expect(parseCount('100 000')).toBe(100000);
    expect(parseCount('1,000,000')).toBe(1000000);
    expect(parseCount('x')).toBeNull();
  });
});
