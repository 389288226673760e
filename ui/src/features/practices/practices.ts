// Owns the pure rules of the Best practices page: the theme vocabulary and its message keys,
// the editor form (text fields for lists and years) and its checks before the backend's, and
// how a period reads.
import type { Practice, PracticeInput, PracticeQuery, Theme } from '../../lib/api';

export const THEMES: readonly Theme[] = [
  'artistic_education',
  'urbanism',
  'heritage',
  'artists_rights',
  'creative_industries',
  'intercultural_dialogue',
  'citizens_participation',
  'cultural_cooperation',
  'territorial_development',
];

export type ThemeKey = `practices.theme.${Theme}`;

export const themeKey = (theme: Theme): ThemeKey => `practices.theme.${theme}`;

export interface PracticeForm {
  title: string;
  summary: string;
  body: string;
  place: string;
  country: string;
  organisation_id: string;
  organisation_name: string;
  themes: Theme[];
  /** Comma-separated. */
  tags: string;
  period_start: string;
  period_end: string;
  /** One address a line. */
  links: string;
  event: string;
}

export function emptyPracticeForm(): PracticeForm {
  return {
    title: '',
    summary: '',
    body: '',
    place: '',
    country: '',
    organisation_id: '',
    organisation_name: '',
    themes: [],
    tags: '',
    period_start: '',
    period_end: '',
    links: '',
    event: '',
  };
}

export function practiceFormOf(practice: Practice): PracticeForm {
  return {
    title: practice.title,
    summary: practice.summary,
    body: practice.body,
    place: practice.place,
    country: practice.country,
    organisation_id: practice.organisation_id ?? '',
    organisation_name: practice.organisation_name ?? '',
    themes: [...practice.themes],
    tags: practice.tags.join(', '),
    period_start: practice.period_start === null ? '' : String(practice.period_start),
    period_end: practice.period_end === null ? '' : String(practice.period_end),
    links: practice.links.join('\n'),
    event: practice.event,
  };
}

const year = (text: string): number | null => (text.trim() === '' ? null : Number(text.trim()));

export function practiceInputOf(form: PracticeForm): PracticeInput {
  return {
    title: form.title.trim(),
    summary: form.summary.trim(),
    body: form.body,
    place: form.place.trim(),
    country: form.country.trim().toUpperCase(),
    organisation_id: form.organisation_id === '' ? null : form.organisation_id,
    themes: THEMES.filter((theme) => form.themes.includes(theme)),
    tags: form.tags
      .split(',')
      .map((tag) => tag.trim())
      .filter((tag) => tag !== ''),
    period_start: year(form.period_start),
    period_end: year(form.period_end),
    links: form.links
      .split(/\s+/)
      .map((link) => link.trim())
      .filter((link) => link !== ''),
    event: form.event.trim(),
  };
}

export type PracticeProblem =
  | 'practices.error.title'
  | 'practices.error.country'
  | 'practices.error.year'
  | 'practices.error.end_before_start'
  | 'practices.error.start_missing';

const isYear = (text: string) => /^\d{4}$/.test(text.trim());

/** The checks made before asking the backend (which checks again, links and organisation too). */
export function checkPracticeForm(form: PracticeForm): Partial<Record<keyof PracticeInput, PracticeProblem>> {
  const found: Partial<Record<keyof PracticeInput, PracticeProblem>> = {};
  if (form.title.trim() === '') found.title = 'practices.error.title';
  if (form.country.trim() === '' && form.organisation_id === '') found.country = 'practices.error.country';
  const start = form.period_start.trim();
  const end = form.period_end.trim();
  if (start !== '' && !isYear(start)) found.period_start = 'practices.error.year';
  if (end !== '' && !isYear(end)) found.period_end = 'practices.error.year';
  else if (end !== '' && start === '') found.period_start = 'practices.error.start_missing';
  else if (end !== '' && isYear(start) && Number(end) < Number(start)) found.period_end = 'practices.error.end_before_start';
  return found;
}

/** "2019–2023", "2021", "since 2019" (the word from `since`), or "" with no period. */
export function periodText(start: number | null, end: number | null, since: (year: number) => string): string {
  if (start === null) return '';
  if (end === null) return since(start);
  return start === end ? String(start) : `${start}–${end}`;
}

export function emptyQuery(): PracticeQuery {
  return { search: '', theme: null, country: null, year: null };
}

/** The year filter typed in a box: a four-digit year, or no filter. */
export function yearFilter(text: string): number | null {
  return isYear(text) ? Number(text.trim()) : null;
}
