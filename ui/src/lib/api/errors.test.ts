import { describe, expect, it } from 'vitest';
import { ApiError, toApiError, unwrap } from './errors';

describe('toApiError', () => {
  it('keeps the kind, message and field of a validation error', () => {
    const error = toApiError({ kind: 'validation', message: 'Name is required', field: 'name' });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(Error);
    expect(error.kind).toBe('validation');
    expect(error.message).toBe('Name is required');
    expect(error.field).toBe('name');
  });

  it('treats an empty or missing field as no field', () => {
    expect(toApiError({ kind: 'store', message: 'disk full', field: null }).field).toBeNull();
    expect(toApiError({ kind: 'not_found', message: 'gone', field: '' }).field).toBeNull();
    expect(toApiError({ kind: 'undo', message: 'already undone' }).field).toBeNull();
  });

  it('turns a bare string, an Error or anything else into an internal error', () => {
    expect(toApiError('command list_foo not found')).toMatchObject({ kind: 'internal', message: 'command list_foo not found' });
    expect(toApiError(new TypeError('window.__TAURI_INTERNALS__ is undefined'))).toMatchObject({ kind: 'internal' });
    expect(toApiError(42).kind).toBe('internal');
    expect(toApiError({ kind: 'mystery', message: 'x' }).kind).toBe('internal');
  });

  it('passes an ApiError through unchanged', () => {
    const original = new ApiError('undo', 'nothing to undo');
    expect(toApiError(original)).toBe(original);
  });
});

describe('unwrap', () => {
  it('answers the data of an ok result', async () => {
    await expect(unwrap(Promise.resolve({ status: 'ok' as const, data: [1, 2] }))).resolves.toEqual([1, 2]);
  });

  it('throws the error of an error result as an ApiError', async () => {
    const pending = Promise.resolve({
      status: 'error' as const,
      error: { kind: 'validation' as const, message: 'bad e-mail', field: 'email' },
    });
    await expect(unwrap(pending)).rejects.toMatchObject({ name: 'ApiError', kind: 'validation', field: 'email' });
  });

  it('throws a rejected call as an internal ApiError', async () => {
    await expect(unwrap(Promise.reject(new Error('no runtime')))).rejects.toMatchObject({ kind: 'internal', message: 'no runtime' });
  });
});
