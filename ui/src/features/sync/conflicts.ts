// Owns reading which record a conflict is about: the backend names the entity as a string,
// and only members (organisations) and contacts (people) have pages to open.
import type { ConflictRecord } from '../../lib/api';

export interface RecordRef {
  entity: 'organisation' | 'person';
  id: string;
}

/** The record of `conflict`, or null for an entity this app has no page for. */
export function recordOf(conflict: Pick<ConflictRecord, 'entity' | 'entity_id'>): RecordRef | null {
  if (conflict.entity !== 'organisation' && conflict.entity !== 'person') return null;
  return { entity: conflict.entity, id: conflict.entity_id };
}

export function recordKey(record: RecordRef): string {
  return `${record.entity}:${record.id}`;
}
