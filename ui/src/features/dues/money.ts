// Owns money as the dues screens type and show it: euros typed with either decimal mark
// ("1 200,50", "1,200.50", "1200.5") parsed to integer cents, and cents written for a locale.
// Pure: the locale is passed in.

const SPACES = /[\s\u00a0\u202f']/g;

/**
 * Euros as typed → integer cents, or null when the text is not a non-negative amount with
 * at most two decimals. With both "," and "." the last one is the decimal mark; with one of
 * them, a single mark followed by one or two digits is decimal, otherwise marks group thousands.
 */
export function parseEuros(text: string): number | null {
  let s = text.replace(SPACES, '').replace(/^€|€$/g, '').replace(/^EUR|EUR$/i, '');
  if (s === '' || !/^[0-9.,]+$/.test(s)) return null;
  let decimal: string | null = null;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    decimal = lastComma > lastDot ? ',' : '.';
  } else if (lastComma >= 0 || lastDot >= 0) {
    const mark = lastComma >= 0 ? ',' : '.';
    const count = s.split(mark).length - 1;
    const after = s.length - s.lastIndexOf(mark) - 1;
    if (count === 1 && after !== 3) decimal = mark;
  }
  let whole = s;
  let fraction = '';
  if (decimal !== null) {
    const at = s.lastIndexOf(decimal);
    whole = s.slice(0, at);
    fraction = s.slice(at + 1);
    if (fraction.length === 0 || fraction.length > 2 || !/^\d+$/.test(fraction)) return null;
  }
  const grouping = decimal === ',' ? '.' : ',';
  const otherMark = decimal === null ? (lastComma >= 0 ? ',' : lastDot >= 0 ? '.' : null) : grouping;
  if (otherMark !== null && whole.includes(otherMark)) {
    // Thousands groups: 1–3 digits, then groups of exactly three.
    const groups = whole.split(otherMark);
    if (!/^\d{1,3}$/.test(groups[0]) || groups.slice(1).some((g) => !/^\d{3}$/.test(g))) return null;
    whole = groups.join('');
  }
  if (!/^\d+$/.test(whole)) return null;
  s = whole.replace(/^0+(?=\d)/, '');
  const cents = Number(s) * 100 + Number(fraction.padEnd(2, '0') || '0');
  return Number.isSafeInteger(cents) ? cents : null;
}

const formats = new Map<string, Intl.NumberFormat>();

/** Cents as euros for a locale: "€1,200.50", "1 200,50 €"; whole euros without decimals. */
export function formatEuros(cents: number, locale: string): string {
  let format = formats.get(locale);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', minimumFractionDigits: 0, maximumFractionDigits: 2 });
    formats.set(locale, format);
  }
  const euros = cents / 100;
  return cents % 100 === 0 ? format.format(euros) : format.format(euros).replace(/([.,]\d)(?!\d)/, '$10');
}

/** Cents as an editable amount, "1200.50" or "1200", which `parseEuros` reads back. */
export function eurosInput(cents: number): string {
  const whole = Math.trunc(cents / 100);
  const rest = Math.abs(cents % 100);
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0')}`;
}

/** A local date as `YYYY-MM-DD` (the core takes dates so). */
export function localDate(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A whole number typed in a field ("100 000", "100,000"), or null; empty gives `empty`. */
export function parseCount(text: string): number | null {
  const s = text.replace(/[\s\u00a0\u202f,.']/g, '');
  if (!/^\d+$/.test(s)) return null;
  const value = Number(s);
  return Number.isSafeInteger(value) ? value : null;
}
