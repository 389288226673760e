// Owns unsaved edits left behind: a form left with changes (Esc, the sidebar, a link) is kept
// here, in memory, and put back when its page opens again, so nothing typed is lost.

const drafts = new Map<string, unknown>();

/** Keeps `form` (a plain copy) as the draft of the page named `key`. */
export function keepDraft<F>(key: string, form: F): void {
  drafts.set(key, structuredClone(form));
}

/** The draft of `key`, if one was kept; it stays kept until dropped. */
export function draftOf<F>(key: string): F | undefined {
  const draft = drafts.get(key) as F | undefined;
  return draft === undefined ? undefined : structuredClone(draft);
}

export function dropDraft(key: string): void {
  drafts.delete(key);
}
