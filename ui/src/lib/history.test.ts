import { describe, expect, it } from 'vitest';
import { actionOf, isBlank, plainValue, visibleChanges } from './history';

describe('history entries', () => {
  it('tell what was done from the mutation name, an undo first', () => {
    expect(actionOf({ name: 'CreateOrganisation', undoes: null })).toBe('create');
    expect(actionOf({ name: 'UpdatePerson', undoes: null })).toBe('update');
    expect(actionOf({ name: 'DeleteOrganisation', undoes: null })).toBe('delete');
    expect(actionOf({ name: 'RestoreOrganisation', undoes: 'm1' })).toBe('undo');
    expect(actionOf({ name: 'RestorePerson', undoes: null })).toBe('restore');
  });

  it('write values as plain text', () => {
    expect(plainValue(null)).toBe('');
    expect(plainValue('')).toBe('');
    expect(plainValue(['fr', 'en'])).toBe('fr, en');
    expect(plainValue(231800)).toBe('231800');
    expect(plainValue(true)).toBe('true');
    expect(isBlank([])).toBe(true);
    expect(isBlank(0)).toBe(false);
  });

  it('leave the deleted flag out of the listed changes', () => {
    const changes = [
      { field: 'deleted', before: false, after: true },
      { field: 'name', before: 'Porto', after: 'Porto (city)' },
    ];
    expect(visibleChanges({ changes }).map((c) => c.field)).toEqual(['name']);
  });
});
