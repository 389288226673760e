// Owns what every record's edit page shares: the form and what it was loaded as, the errors
// next to the fields (instant client-side checks, then the backend's), saving, the "Saved"
// flash, and the draft kept when the page is left with unsaved changes.
import { tick } from 'svelte';
import { ApiError } from './api';
import { draftOf, dropDraft, keepDraft } from './drafts';
import { differs, type FormErrors } from './forms';

export type Phase = 'loading' | 'ready' | 'missing' | 'failed';

export type Check<F, I> = (form: F) => { ok: true; input: I } | { ok: false; errors: FormErrors<F> };

/** What the page around a form (header, notices) reads of its editor, whatever the form. */
export interface EditorView {
  readonly phase: Phase;
  readonly problem: string;
  readonly busy: boolean;
  readonly savedVisible: boolean;
  readonly draftRestored: boolean;
  readonly dirty: boolean;
  discardDraft(): void;
}

export class Editor<F extends object, I> implements EditorView {
  form = $state({} as F);
  /** The form as last loaded or saved: what "unsaved changes" compares against. */
  baseline = $state({} as F);
  errors = $state<FormErrors<F>>({});
  phase = $state<Phase>('loading');
  /** A failure that belongs to no field (the store, a lost record), shown above the form. */
  problem = $state('');
  busy = $state(false);
  savedVisible = $state(false);
  /** True when the form shows a draft kept from an earlier visit. */
  draftRestored = $state(false);
  readonly dirty = $derived(this.phase === 'ready' && differs(this.form, this.baseline));

  #check: Check<F, I>;
  #linked: string[][];
  #root: string;
  #draftKey: string | null = null;
  #savedTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * `linked` names fields checked together (a rule that spans them); `root` is a CSS selector
   * of the form, to put the focus on its first field at fault.
   */
  constructor(check: Check<F, I>, root: string, linked: string[][] = []) {
    this.#check = check;
    this.#root = root;
    this.#linked = linked;
  }

  /** Leaves what is shown (keeping its draft) and waits for the next record. */
  loading(): void {
    this.stash();
    this.#draftKey = null;
    this.errors = {};
    this.problem = '';
    this.draftRestored = false;
    this.phase = 'loading';
  }

  /** Shows `loaded`, the record as stored, with the draft kept under `key` over it if any. */
  show(key: string, loaded: F): void {
    this.#draftKey = key;
    this.baseline = loaded;
    const draft = draftOf<F>(key);
    this.form = draft ?? structuredClone(loaded);
    this.draftRestored = draft !== undefined && differs(draft, loaded);
    this.phase = 'ready';
  }

  /**
   * The stored record changed under the page (a sync brought it): shows `loaded` unless the
   * form has unsaved edits or is being saved, which are never overwritten. True when shown.
   */
  refresh(loaded: F): boolean {
    if (this.phase !== 'ready' || this.busy || differs(this.form, this.baseline)) return false;
    this.baseline = loaded;
    this.form = structuredClone(loaded);
    this.draftRestored = false;
    return true;
  }

  /** The record could not be loaded: gone, or the store failed. */
  failed(error: unknown): void {
    if (error instanceof ApiError && error.kind === 'not_found') {
      this.phase = 'missing';
    } else {
      this.problem = error instanceof Error ? error.message : String(error);
      this.phase = 'failed';
    }
  }

  /** Keeps unsaved changes for the next visit, or forgets an old draft. */
  stash(): void {
    if (this.#draftKey === null) return;
    if (this.phase === 'ready' && differs(this.form, this.baseline)) keepDraft(this.#draftKey, $state.snapshot(this.form));
    else dropDraft(this.#draftKey);
  }

  discardDraft(): void {
    this.form = structuredClone($state.snapshot(this.baseline)) as F;
    this.errors = {};
    this.draftRestored = false;
    if (this.#draftKey) dropDraft(this.#draftKey);
  }

  /** The record was deleted: nothing of it is kept. */
  forget(): void {
    if (this.#draftKey) dropDraft(this.#draftKey);
    this.#draftKey = null;
  }

  dispose(): void {
    this.stash();
    if (this.#savedTimer) clearTimeout(this.#savedTimer);
  }

  /** Checks the named fields again; the other fields keep their errors. */
  recheck(fields: string[]): void {
    const check = this.#check(this.form);
    const found: Record<string, unknown> = check.ok ? {} : check.errors;
    const next: Record<string, unknown> = { ...this.errors };
    for (const field of fields) {
      if (found[field]) next[field] = found[field];
      else delete next[field];
    }
    this.errors = next as FormErrors<F>;
  }

  #fieldsOf(event: Event): string[] {
    const name = (event.target as HTMLInputElement | null)?.name;
    if (!name) return [];
    return this.#linked.find((group) => group.includes(name)) ?? [name];
  }

  /** On typing: a field showing an error is checked again, so the error goes once fixed. */
  onInput = (event: Event): void => {
    const fields = this.#fieldsOf(event).filter((f) => f in this.errors);
    if (fields.length > 0) this.recheck(fields);
  };

  /** On leaving a field: it is checked. */
  onLeave = (event: Event): void => {
    this.recheck(this.#fieldsOf(event));
  };

  async #focusFirstError(): Promise<void> {
    await tick();
    if (typeof document === 'undefined') return;
    document.querySelector<HTMLElement>(`${this.#root} [aria-invalid="true"]`)?.focus();
  }

  /**
   * Checks the form and, if it passes, writes it with `write`. Answers the written record, or
   * null when it was not written; a backend error lands next to its field or above the form,
   * and whatever was typed stays.
   */
  async save<R>(write: (input: I) => Promise<R>, formOf: (record: R) => F, keyOf: (record: R) => string): Promise<R | null> {
    if (this.busy || this.phase !== 'ready') return null;
    const check = this.#check(this.form);
    if (!check.ok) {
      this.errors = check.errors;
      await this.#focusFirstError();
      return null;
    }
    this.busy = true;
    this.problem = '';
    try {
      const record = await write(check.input);
      this.forget();
      this.#draftKey = keyOf(record);
      this.form = formOf(record);
      this.baseline = formOf(record);
      this.errors = {};
      this.draftRestored = false;
      this.#flashSaved();
      return record;
    } catch (error) {
      if (error instanceof ApiError && error.kind === 'validation' && error.field && error.field in this.form) {
        this.errors = { ...this.errors, [error.field]: { text: error.message } };
        await this.#focusFirstError();
      } else {
        this.problem = error instanceof Error ? error.message : String(error);
      }
      return null;
    } finally {
      this.busy = false;
    }
  }

  #flashSaved(): void {
    this.savedVisible = true;
    if (this.#savedTimer) clearTimeout(this.#savedTimer);
    this.#savedTimer = setTimeout(() => (this.savedVisible = false), 4000);
  }
}
