// Owns the reference list of countries (loaded once from the backend) and their names in the
// current language: English names come from the reference data, other languages from the
// platform's own region names (Intl.DisplayNames), falling back to English.
import { api, type Country } from './api';
import { i18n, type Language } from './i18n';

let list = $state<Country[]>([]);
const english = new Map<string, string>();
const displayNames = new Map<Language, Intl.DisplayNames | null>();

export async function loadCountries(): Promise<void> {
  const loaded = await api.countries();
  english.clear();
  for (const country of loaded) english.set(country.code, country.name);
  list = loaded;
}

function regionNames(language: Language): Intl.DisplayNames | null {
  if (!displayNames.has(language)) {
    try {
      displayNames.set(language, new Intl.DisplayNames([language], { type: 'region', fallback: 'none' }));
    } catch {
      displayNames.set(language, null);
    }
  }
  return displayNames.get(language) ?? null;
}

export function countryName(code: string | null | undefined): string {
  if (!code) return '';
  const language = i18n.language;
  const fallback = english.get(code) ?? code;
  if (language === 'en') return fallback;
  try {
    return regionNames(language)?.of(code) ?? fallback;
  } catch {
    return fallback;
  }
}

/** Every country as `{code, name}`, sorted by name in the current language. */
export function countryOptions(): Country[] {
  const collator = new Intl.Collator(i18n.locale);
  return list.map((c) => ({ code: c.code, name: countryName(c.code) })).sort((a, b) => collator.compare(a.name, b.name));
}
