// Owns what an edit form keeps besides its fields: the error shown next to each field (a
// client-side Problem, translated when shown, or a server message as it came) and dirtiness.
import { t } from './i18n';
import type { Problem } from './validation';

export type FieldError = { problem: Problem } | { text: string };
export type FormErrors<F> = Partial<Record<keyof F & string, FieldError>>;

export function errorText(error: FieldError | undefined): string {
  if (!error) return '';
  return 'text' in error ? error.text : t(error.problem.key, error.problem.params);
}

/** True when the two forms differ in any field. */
export function differs<F extends object>(a: F, b: F): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}
