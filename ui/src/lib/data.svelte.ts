// Owns the "data changed" signal: every successful write bumps it, and lists showing stored
// rows refetch what they show (keeping their scroll position).

let version = $state(0);

export const dataVersion = {
  get value(): number {
    return version;
  },
};

export function dataChanged(): void {
  version += 1;
}
