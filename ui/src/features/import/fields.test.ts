import { describe, expect, it } from 'vitest';
import { en } from '../../lib/i18n/en';
import { fr } from '../../lib/i18n/fr';
import { fieldsOf } from './fields';

describe('import fields', () => {
  it('lists each kind’s fields once, each with an English and a French label', () => {
    for (const kind of ['organisations', 'people'] as const) {
      const fields = fieldsOf(kind);
      expect(new Set(fields).size).toBe(fields.length);
      for (const field of fields) {
        const key = `import.field.${field}`;
        expect(en).toHaveProperty([key]);
        expect(fr).toHaveProperty([key]);
      }
    }
    expect(fieldsOf('organisations')).toContain('name');
    expect(fieldsOf('people')).toContain('organisation_name');
  });
});
