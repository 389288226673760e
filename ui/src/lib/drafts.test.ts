import { describe, expect, it } from 'vitest';
import { draftOf, dropDraft, keepDraft } from './drafts';

describe('drafts', () => {
  it('give back a kept form until it is dropped', () => {
    keepDraft('member:new', { name: 'Târgu Mureș', languages: ['ro'] });
    expect(draftOf('member:new')).toEqual({ name: 'Târgu Mureș', languages: ['ro'] });
    dropDraft('member:new');
    expect(draftOf('member:new')).toBeUndefined();
  });

  it('keep a copy, not the live form', () => {
    const form = { name: 'Porto' };
    keepDraft('member:1', form);
    form.name = 'changed later';
    const draft = draftOf<{ name: string }>('member:1');
    expect(draft?.name).toBe('Porto');
    if (draft) draft.name = 'edited copy';
    expect(draftOf<{ name: string }>('member:1')?.name).toBe('Porto');
  });
});
