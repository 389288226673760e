import { describe, expect, it } from 'vitest';
import { nextSort } from './sorting';

describe('nextSort', () => {
  it('sorts a new column ascending', () => {
    expect(nextSort({ sort: 'name', descending: true }, 'population')).toEqual({ sort: 'population', descending: false });
  });
  it('reverses the column already sorted on, and back', () => {
    const once = nextSort({ sort: 'name', descending: false }, 'name');
    expect(once).toEqual({ sort: 'name', descending: true });
    expect(nextSort(once, 'name')).toEqual({ sort: 'name', descending: false });
  });
});
