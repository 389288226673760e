// Owns the current language as reactive state and the `t` function every visible string goes
// through; a component that calls `t` re-renders when the language changes.
import { api } from '../api';
import { formatNumber } from '../format';
import { catalogues, type MessageKey, type PluralKey } from './catalogue';
import { interpolate, localeOf, pluralForm, type Language, type Params } from './translate';

let current = $state<Language>('en');

export const i18n = {
  get language(): Language {
    return current;
  },
  get locale(): string {
    return localeOf(current);
  },
};

export function t(key: MessageKey, params?: Params): string {
  return interpolate(catalogues[current][key] ?? key, params);
}

/** A counted message: `{count}` is written in the current locale. */
export function tn(key: PluralKey, count: number, params?: Params): string {
  const form = `${key}.${pluralForm(current, count)}` as MessageKey;
  return t(form, { ...params, count: formatNumber(count, localeOf(current)) });
}

/** Switches the language for this session only (start-up, before anything is remembered). */
export function applyLanguage(language: Language): void {
  current = language;
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

/** Switches the language and remembers it in the store for the next start. */
export async function chooseLanguage(language: Language): Promise<void> {
  applyLanguage(language);
  await api.setLanguage(language);
}

/** True when `key` is a message of the catalogue (for keys built from backend names). */
export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(catalogues.en, key);
}
