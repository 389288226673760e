// Owns the public face of i18n: what components import.
export { t, tn, i18n, applyLanguage, chooseLanguage, hasMessage } from './i18n.svelte';
export { LANGUAGES, initialLanguage, isLanguage, type Language } from './translate';
export type { MessageKey } from './catalogue';
