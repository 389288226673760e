import { describe, expect, it } from 'vitest';
import { isSaveShortcut, isSearchShortcut, isUndoShortcut } from './keyboard';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('shortcuts', () => {
  it('focus the search with / outside text fields and Ctrl+K anywhere', () => {
    expect(isSearchShortcut(key('/'), false)).toBe(true);
    expect(isSearchShortcut(key('/'), true)).toBe(false);
    expect(isSearchShortcut(key('k', { ctrlKey: true }), true)).toBe(true);
    expect(isSearchShortcut(key('K', { metaKey: true }), false)).toBe(true);
    expect(isSearchShortcut(key('k'), false)).toBe(false);
  });
  it('save with Ctrl+S and undo with Ctrl+Z, not with Alt held', () => {
    expect(isSaveShortcut(key('s', { ctrlKey: true }))).toBe(true);
    expect(isSaveShortcut(key('s', { ctrlKey: true, altKey: true }))).toBe(false);
    expect(isSaveShortcut(key('s'))).toBe(false);
    expect(isUndoShortcut(key('z', { ctrlKey: true }))).toBe(true);
    expect(isUndoShortcut(key('z'))).toBe(false);
  });
});
