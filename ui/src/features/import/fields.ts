// Owns the fields an import column can fill, per kind, in the order the mapping lists them
// (the same order as `TargetField::for_kind` in the core).
import type { ImportKind, TargetField } from '../../lib/api';

const ORGANISATION_FIELDS: TargetField[] = [
  'name',
  'kind',
  'country',
  'subdivision',
  'population',
  'population_year',
  'population_source',
  'address',
  'website',
  'email',
  'languages',
  'notes',
  'category',
  'status',
  'joined_on',
  'left_on',
];

const PERSON_FIELDS: TargetField[] = [
  'first_name',
  'last_name',
  'function',
  'role',
  'email',
  'phone',
  'languages',
  'notes',
  'organisation_name',
  'organisation_country',
];

export function fieldsOf(kind: ImportKind): TargetField[] {
  return kind === 'organisations' ? ORGANISATION_FIELDS : PERSON_FIELDS;
}
