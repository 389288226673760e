import { describe, expect, it } from 'vitest';
import { ApiError } from './api/errors';
import { keepDraft } from './drafts';
import { Editor, type Check } from './editor.svelte';

interface Form {
  name: string;
  email: string;
}
type Input = { name: string; email: string };

const check: Check<Form, Input> = (form) =>
  form.name.trim() === ''
    ? { ok: false, errors: { name: { problem: { key: 'validation.required' } } } }
    : { ok: true, input: { name: form.name.trim(), email: form.email } };

const stored = { id: 'o1', name: 'Porto', email: 'cultura@porto.pt' };
const formOf = (record: typeof stored): Form => ({ name: record.name, email: record.email });
const keyOf = (record: typeof stored) => `test:${record.id}`;

function opened(key = 'test:o1'): Editor<Form, Input> {
  const editor = new Editor<Form, Input>(check, '#form');
  editor.show(key, formOf(stored));
  return editor;
}

describe('Editor', () => {
  it('shows a record as saved, and notices edits', () => {
    const editor = opened();
    expect(editor.phase).toBe('ready');
    expect(editor.dirty).toBe(false);
    editor.form.name = 'Porto (city)';
    expect(editor.dirty).toBe(true);
  });

  it('puts back a draft kept from an earlier visit, and can discard it', () => {
    keepDraft('test:draft', { name: 'Porto, edited', email: 'cultura@porto.pt' });
    const editor = opened('test:draft');
    expect(editor.form.name).toBe('Porto, edited');
    expect(editor.draftRestored).toBe(true);
    editor.discardDraft();
    expect(editor.form.name).toBe('Porto');
    expect(editor.dirty).toBe(false);
  });

  it('keeps unsaved changes when the page is left, and forgets a clean form', () => {
    const first = opened('test:leave');
    first.form.email = 'new@porto.pt';
    first.dispose();
    expect(opened('test:leave').form.email).toBe('new@porto.pt');
    const second = opened('test:leave');
    second.discardDraft();
    second.dispose();
    expect(opened('test:leave').draftRestored).toBe(false);
  });

  it('does not write a form that fails the client-side rules', async () => {
    const editor = opened();
    editor.form.name = '  ';
    let written = false;
    const saved = await editor.save(async () => ((written = true), stored), formOf, keyOf);
    expect(saved).toBeNull();
    expect(written).toBe(false);
    expect(editor.errors.name).toEqual({ problem: { key: 'validation.required' } });
  });

  it('writes a valid form and shows what was stored', async () => {
    const editor = opened();
    editor.form.name = ' Porto (city) ';
    const saved = await editor.save(async (input) => ({ ...stored, name: input.name }), formOf, keyOf);
    expect(saved?.name).toBe('Porto (city)');
    expect(editor.form.name).toBe('Porto (city)');
    expect(editor.dirty).toBe(false);
    expect(editor.savedVisible).toBe(true);
    editor.dispose();
  });

  it('shows a backend validation error next to its field and keeps what was typed', async () => {
    const editor = opened();
    editor.form.email = 'cultura@porto';
    const saved = await editor.save(
      async () => {
        throw new ApiError('validation', '"cultura@porto" is not a valid e-mail address', 'email');
      },
      formOf,
      keyOf,
    );
    expect(saved).toBeNull();
    expect(editor.errors.email).toEqual({ text: '"cultura@porto" is not a valid e-mail address' });
    expect(editor.form.email).toBe('cultura@porto');
    expect(editor.busy).toBe(false);
  });

  it('shows any other failure above the form', async () => {
    const editor = opened();
    editor.form.name = 'Porto 2';
    await editor.save(
      async () => {
        throw new ApiError('store', 'disk full');
      },
      formOf,
      keyOf,
    );
    expect(editor.problem).toBe('disk full');
    expect(editor.form.name).toBe('Porto 2');
  });

  it('tells a missing record from a failing store', () => {
    const editor = new Editor<Form, Input>(check, '#form');
    editor.failed(new ApiError('not_found', 'no such organisation'));
    expect(editor.phase).toBe('missing');
    editor.failed(new ApiError('store', 'locked'));
    expect(editor.phase).toBe('failed');
    expect(editor.problem).toBe('locked');
  });

  it('clears a field error once the field passes again', () => {
    const editor = opened();
    editor.form.name = '';
    editor.recheck(['name']);
    expect(editor.errors.name).toBeDefined();
    editor.form.name = 'Porto';
    editor.recheck(['name']);
    expect(editor.errors.name).toBeUndefined();
  });
});

describe('Editor.refresh', () => {
  it('shows a record changed by a sync when the form is untouched', () => {
    const editor = opened('test:refresh-clean');
    expect(editor.refresh({ name: 'Porto, from the server', email: 'cultura@porto.pt' })).toBe(true);
    expect(editor.form.name).toBe('Porto, from the server');
    expect(editor.dirty).toBe(false);
  });

  it('never overwrites unsaved edits', () => {
    const editor = opened('test:refresh-dirty');
    editor.form.name = 'Porto, typed here';
    expect(editor.refresh({ name: 'Porto, from the server', email: 'cultura@porto.pt' })).toBe(false);
    expect(editor.form.name).toBe('Porto, typed here');
    expect(editor.dirty).toBe(true);
  });
});
