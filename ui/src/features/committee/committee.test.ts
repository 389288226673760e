import { describe, expect, it } from 'vitest';
import type { Seat, SeatRole } from '../../lib/api';
import { checkSeatForm, emptySeatForm, groupByRole, seatInputOf } from './committee';

const seat = (id: string, role: SeatRole): Seat => ({
  id,
  person_id: `p-${id}`,
  role,
  term_start: '2024-01-15',
  term_end: null,
  account_username: null,
  person_name: `Person ${id}`,
  organisation_id: null,
  organisation_name: null,
});

describe('the committee page', () => {
  it('groups the current seats president first, then vice-presidents, treasurer, members', () => {
    const groups = groupByRole([seat('a', 'member'), seat('b', 'vice_president'), seat('c', 'president'), seat('d', 'vice_president')]);
    expect(groups.map((g) => g.role)).toEqual(['president', 'vice_president', 'member']);
    expect(groups[1].seats.map((s) => s.id)).toEqual(['b', 'd']);
  });

  it('refuses a term ending before it starts and a seat with no person', () => {
    const form = { ...emptySeatForm('2024-01-15'), term_end: '2024-01-14' };
    expect(checkSeatForm(form)).toEqual({ person_id: 'committee.error.person', term_end: 'committee.error.end_before_start' });
    expect(checkSeatForm({ ...form, person_id: 'x', term_end: '2024-01-15' })).toEqual({});
  });

  it('sends an open term and no account as nulls', () => {
    const input = seatInputOf({ ...emptySeatForm('2024-01-15'), person_id: 'x', account_username: '  ' });
    expect(input).toEqual({ person_id: 'x', role: 'member', term_start: '2024-01-15', term_end: null, account_username: null });
  });
});
