// Owns the pure rules of the Funders & partners page: the grant form (year and amount as
// typed), its checks before the backend's, and grouping partners by organisation kind.
import type { Grant, GrantInput, Partner } from '../../lib/api';
import { eurosInput, parseEuros } from '../dues/money';

export interface GrantForm {
  funder_id: string;
  funder_label: string;
  funder_name: string;
  year: string;
  amount: string;
  programme: string;
  purpose: string;
  reporting_deadline: string;
  reported_on: string;
  notes: string;
}

export function emptyGrantForm(year: number): GrantForm {
  return {
    funder_id: '',
    funder_label: '',
    funder_name: '',
    year: String(year),
    amount: '',
    programme: '',
    purpose: '',
    reporting_deadline: '',
    reported_on: '',
    notes: '',
  };
}

export function grantFormOf(grant: Grant): GrantForm {
  return {
    funder_id: grant.funder_id ?? '',
    funder_label: grant.funder_id ? grant.funder_name : '',
    funder_name: grant.funder_name,
    year: String(grant.year),
    amount: grant.amount_cents === null ? '' : eurosInput(grant.amount_cents),
    programme: grant.programme,
    purpose: grant.purpose,
    reporting_deadline: grant.reporting_deadline ?? '',
    reported_on: grant.reported_on ?? '',
    notes: grant.notes,
  };
}

export type GrantProblem = 'funding.error.year' | 'funding.error.amount' | 'funding.error.funder';

/** The grant input, or the fields at fault. */
export function checkGrantForm(form: GrantForm): { ok: true; input: GrantInput } | { ok: false; errors: Partial<Record<keyof GrantInput, GrantProblem>> } {
  const errors: Partial<Record<keyof GrantInput, GrantProblem>> = {};
  if (!/^\d{4}$/.test(form.year.trim())) errors.year = 'funding.error.year';
  const amount = form.amount.trim() === '' ? null : parseEuros(form.amount);
  if (form.amount.trim() !== '' && amount === null) errors.amount_cents = 'funding.error.amount';
  if (form.funder_id === '' && form.funder_name.trim() === '') errors.funder_name = 'funding.error.funder';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const date = (text: string) => (text.trim() === '' ? null : text.trim());
  return {
    ok: true,
    input: {
      funder_id: form.funder_id === '' ? null : form.funder_id,
      funder_name: form.funder_name.trim(),
      year: Number(form.year.trim()),
      amount_cents: amount,
      programme: form.programme.trim(),
      purpose: form.purpose.trim(),
      reporting_deadline: date(form.reporting_deadline),
      reported_on: date(form.reported_on),
      notes: form.notes.trim(),
    },
  };
}

/** Partners grouped by organisation kind, in the order they come. */
export function byKind(partners: readonly Partner[]): { kind: string; partners: Partner[] }[] {
  const groups: { kind: string; partners: Partner[] }[] = [];
  for (const partner of partners) {
    const group = groups.find((g) => g.kind === partner.kind);
    if (group) group.partners.push(partner);
    else groups.push({ kind: partner.kind, partners: [partner] });
  }
  return groups;
}
