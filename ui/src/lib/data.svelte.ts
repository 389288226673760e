// Owns the "data changed" signals: every successful write bumps `dataVersion`, and lists
// showing stored rows refetch what they show (keeping their scroll position). Records pulled
// from the server also bump `pulledVersion`, which open record pages follow (reloading only
// when their form has no unsaved edits).

let version = $state(0);
let pulled = $state(0);

export const dataVersion = {
  get value(): number {
    return version;
  },
};

export const pulledVersion = {
  get value(): number {
    return pulled;
  },
};

export function dataChanged(): void {
  version += 1;
}

/** A sync brought changes from the server: lists and open record pages read again. */
export function dataPulled(): void {
  pulled += 1;
  version += 1;
}
