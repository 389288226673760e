import { describe, expect, it } from 'vitest';
import type { Partner } from '../../lib/api';
import { byKind, checkGrantForm, emptyGrantForm, grantFormOf } from './funding';

describe('the grant form', () => {
  it('turns a complete form into the input, euros into cents', () => {
    const result = checkGrantForm({ ...emptyGrantForm(2026), funder_name: ' European Commission ', amount: '125 000,50', reporting_deadline: '2027-03-31' });
    expect(result).toEqual({
      ok: true,
      input: {
        funder_id: null,
        funder_name: 'European Commission',
        year: 2026,
        amount_cents: 12500050,
        programme: '',
        purpose: '',
        reporting_deadline: '2027-03-31',
        reported_on: null,
        notes: '',
      },
    });
  });

  it('names the fields at fault', () => {
    expect(checkGrantForm({ ...emptyGrantForm(2026), year: '26', amount: 'lots' })).toEqual({
      ok: false,
      errors: { year: 'funding.error.year', amount_cents: 'funding.error.amount', funder_name: 'funding.error.funder' },
    });
  });

  it('round-trips a stored grant', () => {
    const form = grantFormOf({
      id: 'g1',
      funder_id: 'o1',
      funder_name: 'EC',
      year: 2025,
      amount_cents: 100050,
      programme: 'CE',
      purpose: 'p',
      reporting_deadline: null,
      reported_on: null,
      notes: '',
    });
    expect(form.amount).toBe('1000.50');
    expect(checkGrantForm(form)).toMatchObject({ ok: true, input: { funder_id: 'o1', amount_cents: 100050 } });
  });
});

describe('partners', () => {
  it('are grouped by kind in the order they come', () => {
    const partner = (name: string, kind: string): Partner => ({ id: name, name, kind, country: 'BE', website: '', grants: 0 });
    const groups = byKind([partner('EC', 'funder'), partner('Arts Council', 'funder'), partner('CAE', 'partner_network')]);
    expect(groups.map((g) => [g.kind, g.partners.map((p) => p.name)])).toEqual([
      ['funder', ['EC', 'Arts Council']],
      ['partner_network', ['CAE']],
    ]);
  });
});
