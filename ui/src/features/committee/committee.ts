// Owns the pure rules of the Committee page: role order and labels, grouping the current
// seats by role, the seat form and its checks before the backend's.
import type { Seat, SeatInput, SeatRole } from '../../lib/api';

export const ROLES: readonly SeatRole[] = ['president', 'vice_president', 'treasurer', 'member'];

export type RoleKey = `committee.role.${SeatRole}`;

export const roleKey = (role: SeatRole): RoleKey => `committee.role.${role}`;

/** The current seats grouped by role, president first; roles with no seat are left out. */
export function groupByRole(seats: readonly Seat[]): { role: SeatRole; seats: Seat[] }[] {
  return ROLES.map((role) => ({ role, seats: seats.filter((s) => s.role === role) })).filter((g) => g.seats.length > 0);
}

export interface SeatForm {
  person_id: string;
  person_name: string;
  role: SeatRole;
  term_start: string;
  term_end: string;
  account_username: string;
}

export function emptySeatForm(today: string): SeatForm {
  return { person_id: '', person_name: '', role: 'member', term_start: today, term_end: '', account_username: '' };
}

export function seatFormOf(seat: Seat): SeatForm {
  return {
    person_id: seat.person_id,
    person_name: seat.person_name,
    role: seat.role,
    term_start: seat.term_start,
    term_end: seat.term_end ?? '',
    account_username: seat.account_username ?? '',
  };
}

export function seatInputOf(form: SeatForm): SeatInput {
  return {
    person_id: form.person_id,
    role: form.role,
    term_start: form.term_start.trim(),
    term_end: form.term_end.trim() === '' ? null : form.term_end.trim(),
    account_username: form.account_username.trim() === '' ? null : form.account_username.trim(),
  };
}

export type SeatProblem = 'committee.error.person' | 'committee.error.start' | 'committee.error.end_before_start';

/** The checks made before asking the backend (which checks again, and one president at a time). */
export function checkSeatForm(form: SeatForm): Partial<Record<keyof SeatInput, SeatProblem>> {
  const found: Partial<Record<keyof SeatInput, SeatProblem>> = {};
  if (form.person_id === '') found.person_id = 'committee.error.person';
  if (form.term_start.trim() === '') found.term_start = 'committee.error.start';
  const end = form.term_end.trim();
  if (end !== '' && form.term_start.trim() !== '' && end < form.term_start.trim()) found.term_end = 'committee.error.end_before_start';
  return found;
}
