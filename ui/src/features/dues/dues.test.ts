import { describe, expect, it } from 'vitest';
import type { DuesLine, FeeBand } from '../../lib/api';
import { bandFormOf, checkBandForm, invoiceState, shownNumber, splitPreview } from './dues';

describe('invoiceState', () => {
  it('is paid with nothing left, overdue after the due date, else open', () => {
    expect(invoiceState({ balance_cents: 0, due_on: '2027-01-01' }, '2027-06-01')).toBe('paid');
    expect(invoiceState({ balance_cents: 100, due_on: '2027-01-01' }, '2027-06-01')).toBe('overdue');
    expect(invoiceState({ balance_cents: 100, due_on: '2027-06-01' }, '2027-06-01')).toBe('open');
  });
});

describe('the fee-band form', () => {
  const band: FeeBand = {
    id: 'b1',
    year: 2027,
    category: 'full',
    population_from: 100000,
    population_to: null,
    fee_cents: 120050,
    label: '≥ 100,000',
  };

  it('goes to the backend input and back', () => {
    const form = bandFormOf(band);
    expect(form).toEqual({ category: 'full', from: '100000', to: '', fee: '1200.50' });
    expect(checkBandForm(form, 2027)).toEqual({
      input: { year: 2027, category: 'full', population_from: 100000, population_to: null, fee_cents: 120050 },
    });
  });

  it('reads typed separators and names the fields at fault', () => {
    expect(checkBandForm({ category: 'associate', from: '20 000', to: '100,000', fee: '1 200,50' }, 2027)).toEqual({
      input: { year: 2027, category: 'associate', population_from: 20000, population_to: 100000, fee_cents: 120050 },
    });
    expect(checkBandForm({ category: 'full', from: 'x', to: '-3', fee: '-5' }, 2027)).toEqual({
      errors: { population_from: 'bad_number', population_to: 'bad_number', fee_cents: 'bad_fee' },
    });
  });
});

describe('splitPreview and shownNumber', () => {
  it('separate the members no band applies to, and prefer the final number', () => {
    const line = (fee: number | null): DuesLine => ({
      quote: { organisation_id: 'o', organisation_name: 'O', year: 2027, category: 'full', band_label: '', fee_cents: fee, why: '' },
      existing_invoice: null,
    });
    const { priced, unknown } = splitPreview([line(100), line(null), line(0)]);
    expect(priced.length).toBe(2);
    expect(unknown.length).toBe(1);
    expect(shownNumber({ number: null, provisional_number: '2027-P-0001' })).toBe('2027-P-0001');
    expect(shownNumber({ number: '2027-0001', provisional_number: '2027-P-0001' })).toBe('2027-0001');
  });
});
