// Owns how clicking a column header changes a list's order: a new column sorts ascending,
// the same column again reverses it.

export interface SortState<S extends string> {
  sort: S;
  descending: boolean;
}

export function nextSort<S extends string>(current: SortState<S>, column: S): SortState<S> {
  return column === current.sort ? { sort: column, descending: !current.descending } : { sort: column, descending: false };
}
