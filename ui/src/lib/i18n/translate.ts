// Owns the plain, testable half of translation: which languages exist, how a message's
// `{name}` placeholders are filled, plural choice, and which language to start in.

export type Language = 'en' | 'fr';
export const LANGUAGES: readonly Language[] = ['en', 'fr'];

export type Params = Record<string, string | number>;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Fills `{name}` placeholders; one without a value stays visible so the gap is noticed. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** The placeholder names a message uses, for checking that translations keep them. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

/** The language remembered by the store, else French for a French system, else English. */
export function initialLanguage(stored: string | null | undefined, systemLanguage: string | undefined): Language {
  if (isLanguage(stored)) return stored;
  return systemLanguage?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** The locale numbers and dates are written in: British English reads day-month like the rest of Europe. */
export function localeOf(language: Language): string {
  return language === 'fr' ? 'fr-FR' : 'en-GB';
}

const pluralRules = new Map<Language, Intl.PluralRules>();

/** English and French only distinguish one from the rest ("many" in French is a form of "other"). */
export function pluralForm(language: Language, count: number): 'one' | 'other' {
  let rules = pluralRules.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(localeOf(language));
    pluralRules.set(language, rules);
  }
  return rules.select(count) === 'one' ? 'one' : 'other';
}
