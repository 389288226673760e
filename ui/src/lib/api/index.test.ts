import { describe, expect, it, vi } from 'vitest';

// The generated bindings call into Tauri; here they are replaced so the wrapper runs in node.
vi.mock('../bindings', () => ({
  commands: {
    countries: vi.fn(async () => ({ status: 'ok', data: [{ code: 'PT', name: 'Portugal' }] })),
    createOrganisation: vi.fn(async () => ({
      status: 'error',
      error: { kind: 'validation', message: '"x" is not a valid e-mail address', field: 'email' },
    })),
    deletePerson: vi.fn(async (id: string) => ({ status: 'ok', data: `mutation-of-${id}` })),
    undo: vi.fn(async () => {
      throw new Error('IPC unavailable');
    }),
  },
}));

const { api, ApiError } = await import('./index');

describe('api', () => {
  it('answers the data of a successful command', async () => {
    await expect(api.countries()).resolves.toEqual([{ code: 'PT', name: 'Portugal' }]);
    await expect(api.deletePerson('p1')).resolves.toBe('mutation-of-p1');
  });

  it('throws a validation failure as an ApiError naming the field', async () => {
    const failure = await api.createOrganisation({} as never).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ kind: 'validation', field: 'email' });
  });

  it('throws a failed call as an internal ApiError', async () => {
    await expect(api.undo('m1')).rejects.toMatchObject({ kind: 'internal', message: 'IPC unavailable' });
  });
});
