import { describe, expect, it } from 'vitest';
import { PageCache, pageOffsetsFor, revealScrollTop, stepSelection, visibleRange } from './virtual';

describe('visibleRange', () => {
  const base = { rowHeight: 30, viewportHeight: 300, overscan: 5, total: 100_000 };

  it('covers the visible rows plus overscan at the top of the list', () => {
    expect(visibleRange({ ...base, scrollTop: 0 })).toEqual({ start: 0, end: 16 });
  });

  it('renders a few dozen rows deep in a list of 100,000', () => {
    const range = visibleRange({ ...base, scrollTop: 30 * 50_000 + 15 });
    expect(range).toEqual({ start: 49_995, end: 50_016 });
    expect(range.end - range.start).toBeLessThan(30);
  });

  it('stops at the last row', () => {
    expect(visibleRange({ ...base, total: 8, scrollTop: 0 })).toEqual({ start: 0, end: 8 });
    const atEnd = visibleRange({ ...base, scrollTop: 30 * 99_990 });
    expect(atEnd.end).toBe(100_000);
  });

  it('is empty for an empty list or a scroll position past the end', () => {
    expect(visibleRange({ ...base, total: 0, scrollTop: 0 })).toEqual({ start: 0, end: 0 });
    const past = visibleRange({ ...base, total: 10, scrollTop: 9_000 });
    expect(past.start).toBeLessThanOrEqual(past.end);
    expect(past.end).toBe(10);
  });
});

describe('pageOffsetsFor', () => {
  it('names each page of 100 rows that the range touches', () => {
    expect(pageOffsetsFor({ start: 0, end: 16 }, 100)).toEqual([0]);
    expect(pageOffsetsFor({ start: 95, end: 120 }, 100)).toEqual([0, 100]);
    expect(pageOffsetsFor({ start: 49_995, end: 50_016 }, 100)).toEqual([49_900, 50_000]);
    expect(pageOffsetsFor({ start: 200, end: 300 }, 100)).toEqual([200]);
    expect(pageOffsetsFor({ start: 5, end: 5 }, 100)).toEqual([]);
  });
});

describe('revealScrollTop', () => {
  it('keeps the position when the row is already in view', () => {
    expect(revealScrollTop(3, 0, 300, 30)).toBe(0);
  });
  it('scrolls up to a row above the view and down to one below it', () => {
    expect(revealScrollTop(2, 300, 300, 30)).toBe(60);
    expect(revealScrollTop(20, 0, 300, 30)).toBe(330);
  });
});

describe('stepSelection', () => {
  it('moves with arrows, pages, Home and End, within the list', () => {
    expect(stepSelection('ArrowDown', 0, 10, 5)).toBe(1);
    expect(stepSelection('ArrowDown', 9, 10, 5)).toBe(9);
    expect(stepSelection('ArrowUp', 0, 10, 5)).toBe(0);
    expect(stepSelection('PageDown', 0, 10, 5)).toBe(4);
    expect(stepSelection('PageUp', 3, 10, 5)).toBe(0);
    expect(stepSelection('Home', 7, 10, 5)).toBe(0);
    expect(stepSelection('End', 0, 10, 5)).toBe(9);
  });
  it('ignores other keys and empty lists', () => {
    expect(stepSelection('a', 0, 10, 5)).toBeNull();
    expect(stepSelection('ArrowDown', 0, 0, 5)).toBeNull();
  });
});

describe('PageCache', () => {
  const rows = (offset: number, n = 100) => Array.from({ length: n }, (_, i) => `row ${offset + i}`);

  it('finds a row by its index once its page arrived', () => {
    const cache = new PageCache<string>(100);
    const ticket = cache.begin(200);
    expect(cache.receive(200, rows(200), ticket)).toBe(true);
    expect(cache.row(250)).toBe('row 250');
    expect(cache.row(199)).toBeUndefined();
  });

  it('does not ask twice for a page being fetched', () => {
    const cache = new PageCache<string>(100);
    expect(cache.missing({ start: 90, end: 110 })).toEqual([0, 100]);
    cache.begin(0);
    expect(cache.missing({ start: 90, end: 110 })).toEqual([100]);
    expect(cache.isLoading()).toBe(true);
  });

  it('lets a failed page be fetched again', () => {
    const cache = new PageCache<string>(100);
    const ticket = cache.begin(0);
    cache.fail(0, ticket);
    expect(cache.missing({ start: 0, end: 10 })).toEqual([0]);
  });

  it('drops an answer that was begun before the query changed', () => {
    const cache = new PageCache<string>(100);
    const old = cache.begin(0);
    cache.clear();
    expect(cache.receive(0, rows(0), old)).toBe(false);
    expect(cache.row(0)).toBeUndefined();
    expect(cache.missing({ start: 0, end: 10 })).toEqual([0]);
  });

  it('keeps showing invalidated rows while asking for them again', () => {
    const cache = new PageCache<string>(100);
    cache.receive(0, rows(0), cache.begin(0));
    cache.invalidate();
    expect(cache.row(5)).toBe('row 5');
    expect(cache.missing({ start: 0, end: 10 })).toEqual([0]);
    const ticket = cache.begin(0);
    cache.receive(0, ['fresh'], ticket);
    expect(cache.row(0)).toBe('fresh');
  });

  it('evicts the pages farthest from where the user is', () => {
    const cache = new PageCache<string>(100, 3);
    for (const offset of [0, 100, 200, 300, 5000]) cache.receive(offset, rows(offset), cache.begin(offset));
    cache.evict(250);
    expect(cache.size).toBe(3);
    expect(cache.row(5000)).toBeUndefined();
    expect(cache.row(0)).toBeUndefined();
    expect(cache.row(250)).toBe('row 250');
  });
});
