// Owns reading a history entry: which action it was and how a stored JSON value reads as text.
// Field-specific wording (enum labels, country names) is added by the component that shows it.
import type { HistoryEntry, JsonValue } from './api';

export type HistoryAction = 'create' | 'update' | 'delete' | 'restore' | 'undo';

export function actionOf(entry: Pick<HistoryEntry, 'name' | 'undoes'>): HistoryAction {
  if (entry.undoes) return 'undo';
  if (entry.name.startsWith('Create')) return 'create';
  if (entry.name.startsWith('Delete')) return 'delete';
  if (entry.name.startsWith('Restore')) return 'restore';
  return 'update';
}

/** True for the values a person would call "nothing": null, "", []. */
export function isBlank(value: JsonValue | undefined): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** A value as plain text: lists joined by commas, blanks as an empty string. */
export function plainValue(value: JsonValue | undefined): string {
  if (isBlank(value) || value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => plainValue(v)).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The changes worth showing: the `deleted` flag is the action itself, not a field. */
export function visibleChanges(entry: Pick<HistoryEntry, 'changes'>): HistoryEntry['changes'] {
  return entry.changes.filter((change) => change.field !== 'deleted');
}
