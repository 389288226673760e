// Owns the client-side field rules that give instant feedback before a save. They mirror the
// backend's rules (crates/core/src/validate.rs), which stay the authority: a rule broken here
// is a `Problem` (a message key and its values), translated only when shown.
import type { MessageKey } from './i18n';

export interface Problem {
  key: MessageKey;
  params?: Record<string, string | number>;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: Problem };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = <T>(key: MessageKey, params?: Problem['params']): Checked<T> => ({ ok: false, problem: { key, params } });

/** Splits "a, b; c" or one-per-line text into trimmed, non-empty items. */
export function splitList(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function requiredText(text: string, max: number): Checked<string> {
  const value = text.trim();
  if (value === '') return bad('validation.required');
  return optionalText(value, max);
}

export function optionalText(text: string, max: number): Checked<string> {
  const value = text.trim();
  return [...value].length > max ? bad('validation.too_long', { max }) : ok(value);
}

/**
 * A whole number ≥ 0, or null when empty. Group separators are accepted when they group by
 * thousands ("231 800", "231,800", "231.800"), so "1.5" is refused rather than read as 15.
 */
export function wholeNumber(text: string): Checked<number | null> {
  const value = text.trim().replace(/[\s\u00a0\u202f'’]/g, '');
  if (value === '') return ok(null);
  if (value.startsWith('-') && /^-\d/.test(value)) return bad('validation.not_negative');
  const grouped = /^\d{1,3}(,\d{3})+$/.test(value) || /^\d{1,3}(\.\d{3})+$/.test(value);
  const digits = grouped ? value.replace(/[.,]/g, '') : value;
  if (!/^\d+$/.test(digits)) return bad('validation.whole_number');
  const number = Number(digits);
  return Number.isSafeInteger(number) ? ok(number) : bad('validation.whole_number');
}

/** A census year, or null when empty. */
export function year(text: string): Checked<number | null> {
  const checked = wholeNumber(text);
  if (!checked.ok || checked.value === null) return checked.ok ? checked : bad('validation.year');
  return checked.value >= 1800 && checked.value <= 2100 ? checked : bad('validation.year');
}

/** `name@domain.tld`, with the same character rules as the backend. */
export function email(text: string): Checked<string> {
  const value = text.trim();
  const refused = bad<string>('validation.email', { value });
  const at = value.indexOf('@');
  if (at < 0 || value.indexOf('@', at + 1) >= 0) return refused;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  const localOk =
    local.length > 0 &&
    local.length <= 64 &&
    !local.startsWith('.') &&
    !local.endsWith('.') &&
    !local.includes('..') &&
    /^[\p{L}\p{N}!#$%&'*+\-/=?^_`{|}~.]+$/u.test(local);
  const labels = domain.split('.');
  const domainOk =
    labels.length >= 2 && labels.every((l) => l !== '' && !l.startsWith('-') && !l.endsWith('-') && /^[\p{L}\p{N}-]+$/u.test(l));
  return localOk && domainOk && value.length <= 254 ? ok(value) : refused;
}

/** An e-mail that may be left empty. */
export function optionalEmail(text: string): Checked<string> {
  return text.trim() === '' ? ok('') : email(text);
}

/** Every address of a comma-separated list; the first bad one is reported. */
export function emailList(text: string): Checked<string[]> {
  const values: string[] = [];
  for (const item of splitList(text)) {
    const checked = email(item);
    if (!checked.ok) return checked;
    if (!values.includes(checked.value)) values.push(checked.value);
  }
  return ok(values);
}

/** A web address; a bare host such as `www.porto.pt` is accepted (the backend adds https://). */
export function website(text: string): Checked<string> {
  const value = text.trim();
  if (value === '') return ok('');
  const refused = bad<string>('validation.website', { value });
  const withScheme = value.includes('://') ? value : `https://${value}`;
  const match = /^https?:\/\/(.*)$/i.exec(withScheme);
  if (!match || /\s/.test(match[1])) return refused;
  let host = match[1].split(/[/?#]/)[0];
  const port = /^(.*):(\d*)$/.exec(host);
  if (port) host = port[1];
  const labels = host.split('.');
  const hostOk = labels.length >= 2 && labels.every((l) => /^[\p{L}\p{N}-]+$/u.test(l));
  return hostOk ? ok(value) : refused;
}

/** Two-letter ISO 639-1 codes, lower-cased, without duplicates. */
export function languageCodes(text: string): Checked<string[]> {
  const codes: string[] = [];
  for (const item of splitList(text.replace(/\s+/g, ','))) {
    const code = item.toLowerCase();
    if (!/^[a-z]{2}$/.test(code)) return bad('validation.language', { value: item });
    if (!codes.includes(code)) codes.push(code);
  }
  return ok(codes);
}

/** A real calendar day `YYYY-MM-DD`, or null when empty. */
export function calendarDate(text: string): Checked<string | null> {
  const value = text.trim();
  if (value === '') return ok(null);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return bad('validation.date', { value });
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  const real = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  return real ? ok(value) : bad('validation.date', { value });
}

/** Phone numbers of digits, spaces and + - ( ) . with 6 to 17 digits. */
export function phoneList(text: string): Checked<string[]> {
  const values: string[] = [];
  for (const item of splitList(text)) {
    const digits = item.replace(/\D/g, '').length;
    if (!/^[\d +\-().]+$/.test(item) || digits < 6 || digits > 17) return bad('validation.phone', { value: item });
    values.push(item);
  }
  return ok(values);
}
