// Owns how a record's field and a stored value of it read in the current language: the
// field's label, enum labels, country names, numbers, dates, lists, blanks, and the
// `deleted` flag as "deleted"/"present". Shared by History and the Conflicts section.
import type { JsonValue } from './api';
import { countryName } from './countries.svelte';
import { formatDate, formatNumber } from './format';
import { isBlank, plainValue } from './history';
import { hasMessage, t } from './i18n';

/** The label of a backend field name, or the name itself when the catalogue has none. */
export function fieldLabel(field: string): string {
  const key = `field.${field}`;
  return hasMessage(key) ? t(key) : field;
}

function enumLabel(prefix: string, value: JsonValue): string {
  const key = `${prefix}.${String(value)}`;
  return hasMessage(key) ? t(key) : plainValue(value);
}

/**
 * `value` of `field` as text. `organisationName` names a linked organisation by id (the caller
 * looks names up); without it the id stands.
 */
export function fieldValueText(
  field: string,
  value: JsonValue | undefined,
  locale: string,
  organisationName: (id: string) => string = (id) => id,
): string {
  if (field === 'deleted' && typeof value === 'boolean') return t(value ? 'value.deleted' : 'value.present');
  if (value === undefined || isBlank(value)) return t('history.empty');
  if (typeof value === 'boolean') return t(value ? 'value.yes' : 'value.no');
  switch (field) {
    case 'kind':
    case 'category':
    case 'status':
    case 'role':
      return enumLabel(field, value);
    case 'country':
      return countryName(String(value));
    case 'population':
      return typeof value === 'number' ? formatNumber(value, locale) : plainValue(value);
    case 'joined_on':
    case 'left_on':
      return formatDate(String(value), locale);
    case 'organisation_id':
      return organisationName(String(value));
    default:
      // Years and the like are numbers too: written as stored, never grouped ("2,021").
      return plainValue(value);
  }
}
