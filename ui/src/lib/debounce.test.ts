import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounce } from './debounce';

describe('debounce', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs once with the last value after typing stops', () => {
    const seen: string[] = [];
    const search = debounce((text: string) => seen.push(text), 150);
    search('p');
    vi.advanceTimersByTime(100);
    search('po');
    vi.advanceTimersByTime(100);
    search('por');
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(150);
    expect(seen).toEqual(['por']);
  });

  it('can run at once (flush) or not at all (cancel)', () => {
    const seen: string[] = [];
    const search = debounce((text: string) => seen.push(text), 150);
    search('lyon');
    search.flush();
    expect(seen).toEqual(['lyon']);
    search('porto');
    search.cancel();
    vi.advanceTimersByTime(500);
    expect(seen).toEqual(['lyon']);
    search.flush();
    expect(seen).toEqual(['lyon']);
  });
});
