import { describe, expect, it } from 'vitest';
import { recordKey, recordOf } from './conflicts';

describe('recordOf', () => {
  it('knows members and contacts, and nothing else', () => {
    expect(recordOf({ entity: 'organisation', entity_id: 'o1' })).toEqual({ entity: 'organisation', id: 'o1' });
    expect(recordOf({ entity: 'person', entity_id: 'p1' })).toEqual({ entity: 'person', id: 'p1' });
    expect(recordOf({ entity: 'event', entity_id: 'e1' })).toBeNull();
  });

  it('keys a record by entity and id, so equal ids of two kinds stay apart', () => {
    expect(recordKey({ entity: 'organisation', id: 'x' })).not.toBe(recordKey({ entity: 'person', id: 'x' }));
  });
});
