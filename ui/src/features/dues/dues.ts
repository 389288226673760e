// Owns the pure logic of the dues screens: an invoice's state at a date, the fee-band form
// (texts typed by the user ↔ the backend's input), and splitting a run preview.
import type { DuesLine, FeeBand, FeeBandInput, FeeCategory, Invoice } from '../../lib/api';
import { eurosInput, parseCount, parseEuros } from './money';

export type InvoiceState = 'paid' | 'open' | 'overdue';

/** Paid when nothing is left; overdue when something is left after the due date (`today` is YYYY-MM-DD). */
export function invoiceState(invoice: Pick<Invoice, 'balance_cents' | 'due_on'>, today: string): InvoiceState {
  if (invoice.balance_cents <= 0) return 'paid';
  return invoice.due_on < today ? 'overdue' : 'open';
}

export interface BandForm {
  category: FeeCategory;
  from: string;
  to: string;
  fee: string;
}

export type BandField = 'population_from' | 'population_to' | 'fee_cents';
export type BandProblem = 'bad_number' | 'bad_fee';

export function bandFormOf(band: FeeBand): BandForm {
  return {
    category: band.category,
    from: String(band.population_from),
    to: band.population_to === null ? '' : String(band.population_to),
    fee: eurosInput(band.fee_cents),
  };
}

export function emptyBandForm(category: FeeCategory = 'full'): BandForm {
  return { category, from: '', to: '', fee: '' };
}

/** The form as the backend's input, or the problem of each field at fault. */
export function checkBandForm(
  form: BandForm,
  year: number,
): { input: FeeBandInput } | { errors: Partial<Record<BandField, BandProblem>> } {
  const errors: Partial<Record<BandField, BandProblem>> = {};
  const from = form.from.trim() === '' ? 0 : parseCount(form.from);
  const to = form.to.trim() === '' ? null : parseCount(form.to);
  const fee = parseEuros(form.fee);
  if (from === null) errors.population_from = 'bad_number';
  if (form.to.trim() !== '' && to === null) errors.population_to = 'bad_number';
  if (fee === null) errors.fee_cents = 'bad_fee';
  if (Object.keys(errors).length > 0 || from === null || fee === null) return { errors };
  return { input: { year, category: form.category, population_from: from, population_to: to, fee_cents: fee } };
}

/** A run preview split into the lines with a fee and those no band applies to. */
export function splitPreview(lines: DuesLine[]): { priced: DuesLine[]; unknown: DuesLine[] } {
  return {
    priced: lines.filter((line) => line.quote.fee_cents !== null),
    unknown: lines.filter((line) => line.quote.fee_cents === null),
  };
}

/** The number to show: the final one, else the provisional one. */
export function shownNumber(invoice: Pick<Invoice, 'number' | 'provisional_number'>): string {
  return invoice.number ?? invoice.provisional_number;
}
