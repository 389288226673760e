// Owns how numbers, dates and times are written for a locale. Pure: the locale is passed in.
// Formatters are made once per locale and kept: making one costs far more than using it, and
// a scrolling list formats dozens of numbers per frame.

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function kept<F>(cache: Map<string, F>, locale: string, make: () => F): F {
  let format = cache.get(locale);
  if (format === undefined) {
    format = make();
    cache.set(locale, format);
  }
  return format;
}

export function formatNumber(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined) return '';
  return kept(numberFormats, locale, () => new Intl.NumberFormat(locale)).format(value);
}

/** A stored UTC timestamp as local date and time, e.g. "25 Nov 2025, 14:03". */
export function formatDateTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return kept(dateTimeFormats, locale, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })).format(date);
}

/** A calendar date `YYYY-MM-DD`, written without any time-zone shift. */
export function formatDate(value: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return value;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return kept(dateFormats, locale, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })).format(date);
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();
const dayTimeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A stored UTC timestamp as a short local time, "14:05", when it is on `now`'s day; else with
 * the day, "24 Nov, 14:05", so that an old time does not pass for today's.
 */
export function formatTimeOfDay(iso: string, locale: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const sameDay = date.getFullYear() === now.getFullYear() && date.getMonth() === now.getMonth() && date.getDate() === now.getDate();
  if (sameDay) return kept(timeFormats, locale, () => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' })).format(date);
  return kept(dayTimeFormats, locale, () =>
    new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }),
  ).format(date);
}
