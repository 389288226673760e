// Owns the pure rules of the Applications area: the statuses and their order, the
// application form (empty, from a stored application, to the backend's input), the review
// form (from a stored review, to the backend's input, what is still missing before a submit),
// how conflict reasons and file sizes read, and who the reviewer is on this laptop.
import type {
  Application,
  ApplicationInput,
  ApplicationStatus,
  Attachment,
  ConflictReason,
  DeclaredConflict,
  MembershipCategory,
  OrganisationKind,
  Recommendation,
  Review,
  ReviewIdentity,
  ReviewInput,
} from '../../lib/api';

export const STATUSES: readonly ApplicationStatus[] = ['received', 'under_review', 'approved', 'rejected', 'withdrawn'];
export const RECOMMENDATIONS: readonly Recommendation[] = ['approve', 'reject', 'abstain'];
export const SCORES: readonly number[] = [1, 2, 3, 4, 5];

export const isOpen = (status: ApplicationStatus): boolean => status === 'received' || status === 'under_review';

export interface ApplicationForm {
  organisation_id: string | null;
  organisation_name: string;
  kind: OrganisationKind;
  country: string;
  population: string;
  contact_first_name: string;
  contact_last_name: string;
  contact_function: string;
  contact_email: string;
  category: MembershipCategory;
  motivation: string;
  attachments: Attachment[];
  declared_conflicts: DeclaredConflict[];
  received_on: string;
}

export function emptyApplicationForm(today: string): ApplicationForm {
  return {
    organisation_id: null,
    organisation_name: '',
    kind: 'city',
    country: '',
    population: '',
    contact_first_name: '',
    contact_last_name: '',
    contact_function: '',
    contact_email: '',
    category: 'full',
    motivation: '',
    attachments: [],
    declared_conflicts: [],
    received_on: today,
  };
}

export function applicationFormOf(application: Application): ApplicationForm {
  return {
    organisation_id: application.organisation_id,
    organisation_name: application.organisation_name,
    kind: application.kind,
    country: application.country,
    population: application.population === null ? '' : String(application.population),
    contact_first_name: application.contact_first_name,
    contact_last_name: application.contact_last_name,
    contact_function: application.contact_function,
    contact_email: application.contact_email,
    category: application.category,
    motivation: application.motivation,
    attachments: [...application.attachments],
    declared_conflicts: [...application.declared_conflicts],
    received_on: application.received_on,
  };
}

export type FormErrors = Partial<Record<string, string>>;

/** The form as the backend takes it, or the field errors found before asking it. */
export function applicationInputOf(
  form: ApplicationForm,
  messages: { name: string; lastName: string; country: string; population: string },
): { input: ApplicationInput } | { errors: FormErrors } {
  const errors: FormErrors = {};
  if (form.organisation_name.trim() === '') errors.organisation_name = messages.name;
  if (form.contact_last_name.trim() === '') errors.contact_last_name = messages.lastName;
  if (form.country.trim() === '') errors.country = messages.country;
  const population = form.population.replace(/[\s.,'_]/g, '');
  if (population !== '' && !/^\d+$/.test(population)) errors.population = messages.population;
  if (Object.keys(errors).length > 0) return { errors };
  return {
    input: {
      organisation_id: form.organisation_id,
      organisation_name: form.organisation_name.trim(),
      kind: form.kind,
      country: form.country,
      population: population === '' ? null : Number(population),
      contact_first_name: form.contact_first_name.trim(),
      contact_last_name: form.contact_last_name.trim(),
      contact_function: form.contact_function.trim(),
      contact_email: form.contact_email.trim(),
      category: form.category,
      motivation: form.motivation,
      attachments: form.attachments,
      declared_conflicts: form.declared_conflicts,
      received_on: form.received_on,
    },
  };
}

/** Adds a kept file unless the same content is attached already. */
export function withAttachment(list: readonly Attachment[], added: Attachment): Attachment[] {
  return list.some((a) => a.sha256 === added.sha256) ? [...list] : [...list, added];
}

/** 1536 → "1.5 KB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`;
}

export interface ReviewForm {
  /** criterion → score, or null while blank. */
  scores: Record<string, number | null>;
  recommendation: Recommendation | null;
  comment: string;
}

export function reviewFormOf(criteria: readonly string[], review: Review | null): ReviewForm {
  const scores: Record<string, number | null> = {};
  for (const criterion of criteria) scores[criterion] = null;
  for (const score of review?.scores ?? []) scores[score.criterion] = score.score;
  return { scores, recommendation: review?.recommendation ?? null, comment: review?.comment ?? '' };
}

export function reviewInputOf(form: ReviewForm): ReviewInput {
  return {
    scores: Object.entries(form.scores).map(([criterion, score]) => ({ criterion, score })),
    recommendation: form.recommendation,
    comment: form.comment,
  };
}

/** What a submit still lacks: the criteria not scored, and whether the recommendation is missing. */
export function missingForSubmit(form: ReviewForm): { criteria: string[]; recommendation: boolean } {
  return {
    criteria: Object.entries(form.scores)
      .filter(([, score]) => score === null)
      .map(([criterion]) => criterion),
    recommendation: form.recommendation === null,
  };
}

/** The message key and parameters of a conflict reason. */
export function conflictMessage(reason: ConflictReason): { key: `applications.conflict.${ConflictReason['rule']}`; params: Record<string, string> } {
  switch (reason.rule) {
    case 'own_organisation':
      return { key: 'applications.conflict.own_organisation', params: { name: reason.organisation_name } };
    case 'same_country':
      return { key: 'applications.conflict.same_country', params: { country: reason.country } };
    case 'declared':
      return { key: 'applications.conflict.declared', params: { reason: reason.reason } };
  }
}

/**
 * The seat this laptop reviews as: the signed-in account's seat, which cannot be changed (a
 * committee laptop), or else the seat the secretariat picked to act for.
 */
export function actingSeat(identity: ReviewIdentity | null, picked: string | null): { seat: string | null; locked: boolean } {
  if (identity?.seat_id) return { seat: identity.seat_id, locked: true };
  return { seat: picked, locked: false };
}

/** A mean shown with one decimal, or a dash. */
export function mean(value: number | null): string {
  return value === null ? '–' : (Math.round(value * 10) / 10).toFixed(1);
}

/** Lower case without accents, for matching typed text against names. */
export function folded(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** The rows whose applicant name or country code contains every typed word. */
export function matching<T extends { organisation_name: string; country: string }>(rows: readonly T[], search: string): T[] {
  const words = folded(search).split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return [...rows];
  return rows.filter((row) => {
    const text = folded(`${row.organisation_name} ${row.country}`);
    return words.every((word) => text.includes(word));
  });
}

/** A timeline moment as the user reads it: a date as is, a UTC time in local time. */
export function localMoment(at: string): string {
  if (at.length <= 10) return at;
  const when = new Date(at);
  if (Number.isNaN(when.getTime())) return at;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())} ${pad(when.getHours())}:${pad(when.getMinutes())}`;
}
