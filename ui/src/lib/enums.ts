// Owns the lists of values of the backend's enums, in display order. Each list is written as a
// record over the generated union, so the compiler fails here when Rust adds or drops a value.
import type { MembershipCategory, MembershipStatus, OrganisationKind, PersonRole } from './api';

function valuesOf<T extends string>(record: Record<T, true>): T[] {
  return Object.keys(record) as T[];
}

export const ORGANISATION_KINDS = valuesOf<OrganisationKind>({
  city: true,
  municipality_group: true,
  county: true,
  province: true,
  region: true,
  national_association: true,
  cultural_organisation: true,
  partner_network: true,
  funder: true,
  other: true,
});

export const MEMBERSHIP_CATEGORIES = valuesOf<MembershipCategory>({ full: true, associate: true, none: true });

export const MEMBERSHIP_STATUSES = valuesOf<MembershipStatus>({
  applicant: true,
  active: true,
  lapsed: true,
  suspended: true,
  resigned: true,
});

export const PERSON_ROLES = valuesOf<PersonRole>({ elected: true, officer: true, other: true });
