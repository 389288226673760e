// Owns the arithmetic of a virtualised list: which rows are in view, which pages of rows to
// fetch, where to scroll to reveal a row, how keys move the selection, and the page cache
// (keyed by offset, with in-flight tracking, stale-answer rejection and eviction).

/** Rows `start` (inclusive) to `end` (exclusive). */
export interface RowRange {
  start: number;
  end: number;
}

export interface Viewport {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  total: number;
  /** Extra rows rendered above and below the visible ones, so fast scrolling shows no gaps. */
  overscan: number;
}

export function visibleRange({ scrollTop, viewportHeight, rowHeight, total, overscan }: Viewport): RowRange {
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const shown = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(first, total - 1) - overscan);
  const end = Math.min(total, first + shown + overscan);
  return { start, end: Math.max(start, end) };
}

/** The offsets of the pages of `pageSize` rows that together hold every row of `range`. */
export function pageOffsetsFor(range: RowRange, pageSize: number): number[] {
  if (range.end <= range.start) return [];
  const offsets: number[] = [];
  for (let offset = Math.floor(range.start / pageSize) * pageSize; offset < range.end; offset += pageSize) {
    offsets.push(offset);
  }
  return offsets;
}

/** The scroll position that shows row `index` whole, moving as little as possible. */
export function revealScrollTop(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}

/** Where a navigation key moves the selection, or null for a key that does not move it. */
export function stepSelection(key: string, current: number, total: number, rowsPerPage: number): number | null {
  if (total <= 0) return null;
  const page = Math.max(1, rowsPerPage - 1);
  const clamp = (i: number) => Math.min(total - 1, Math.max(0, i));
  switch (key) {
    case 'ArrowDown':
      return clamp(current + 1);
    case 'ArrowUp':
      return clamp(current - 1);
    case 'PageDown':
      return clamp(current + page);
    case 'PageUp':
      return clamp(current - page);
    case 'Home':
      return 0;
    case 'End':
      return total - 1;
    default:
      return null;
  }
}

interface CachedPage<T> {
  rows: T[];
  generation: number;
}

/**
 * Pages of rows by offset. `invalidate` keeps showing the rows it has while marking them for
 * refetch (after an edit elsewhere); `clear` forgets everything (a new search or sort). An
 * answer begun before either is dropped, so a slow old query never overwrites a new one.
 */
export class PageCache<T> {
  readonly pageSize: number;
  readonly maxPages: number;
  private pages = new Map<number, CachedPage<T>>();
  private loading = new Map<number, number>();
  private generation = 0;

  constructor(pageSize = 100, maxPages = 40) {
    this.pageSize = pageSize;
    this.maxPages = maxPages;
  }

  get size(): number {
    return this.pages.size;
  }

  offsetOf(index: number): number {
    return Math.floor(index / this.pageSize) * this.pageSize;
  }

  row(index: number): T | undefined {
    return this.pages.get(this.offsetOf(index))?.rows[index - this.offsetOf(index)];
  }

  /** Offsets in `range` that are neither fresh nor already being fetched. */
  missing(range: RowRange): number[] {
    return pageOffsetsFor(range, this.pageSize).filter((offset) => {
      const page = this.pages.get(offset);
      const fresh = page !== undefined && page.generation === this.generation;
      return !fresh && this.loading.get(offset) !== this.generation;
    });
  }

  /** Marks a fetch as begun; pass the answer to `receive` with the ticket this returns. */
  begin(offset: number): number {
    this.loading.set(offset, this.generation);
    return this.generation;
  }

  /** Stores an answer; false (and nothing stored) when it was begun before a clear or invalidate. */
  receive(offset: number, rows: T[], ticket: number): boolean {
    if (this.loading.get(offset) === ticket) this.loading.delete(offset);
    if (ticket !== this.generation) return false;
    this.pages.set(offset, { rows, generation: ticket });
    return true;
  }

  /** Forgets a failed fetch so that it can be tried again. */
  fail(offset: number, ticket: number): void {
    if (this.loading.get(offset) === ticket) this.loading.delete(offset);
  }

  isLoading(): boolean {
    return [...this.loading.values()].some((g) => g === this.generation);
  }

  invalidate(): void {
    this.generation += 1;
  }

  clear(): void {
    this.generation += 1;
    this.pages.clear();
  }

  /** Drops the pages farthest from row `around` until at most `maxPages` remain. */
  evict(around: number): void {
    if (this.pages.size <= this.maxPages) return;
    const centre = this.offsetOf(around);
    const byDistance = [...this.pages.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
    for (const offset of byDistance.slice(0, this.pages.size - this.maxPages)) this.pages.delete(offset);
  }
}
