// Owns the one error type the UI sees from the backend: every failed command becomes an
// `ApiError` carrying the backend's `kind`, `message` and, for validation, the `field` at fault.
import type { ErrorKind, IpcError, Result } from '../bindings';

/** `internal` covers what the backend did not describe: a missing runtime, a crashed call. */
export type ApiErrorKind = ErrorKind | 'internal';

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly field: string | null;

  constructor(kind: ApiErrorKind, message: string, field: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.field = field;
  }
}

const KINDS: ReadonlySet<string> = new Set<ErrorKind>(['validation', 'not_found', 'store', 'undo']);

function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.kind === 'string' && KINDS.has(candidate.kind) && typeof candidate.message === 'string';
}

/** Whatever a command rejected with, as an `ApiError`. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isIpcError(error)) {
    const field = typeof error.field === 'string' && error.field !== '' ? error.field : null;
    return new ApiError(error.kind, error.message, field);
  }
  if (error instanceof Error) return new ApiError('internal', error.message);
  if (typeof error === 'string') return new ApiError('internal', error);
  return new ApiError('internal', 'The app did not answer as expected');
}

/** Awaits a generated command: its data, or a thrown `ApiError`. */
export async function unwrap<T>(pending: Promise<Result<T, IpcError>>): Promise<T> {
  let result: Result<T, IpcError>;
  try {
    result = await pending;
  } catch (error) {
    throw toApiError(error);
  }
  if (result.status === 'ok') return result.data;
  throw toApiError(result.error);
}
