// Owns the pure rules of the Publications page: the kinds in order and their message keys,
// and the form (dates as typed) with its checks before the backend's.
import type { Publication, PublicationInput, PublicationKind } from '../../lib/api';

export const PUBLICATION_KINDS: readonly PublicationKind[] = ['conference_report', 'position_paper', 'bulletin_issue', 'other'];

export const publicationKindKey = (kind: PublicationKind) => `publications.kind.${kind}` as const;

export interface PublicationForm {
  kind: PublicationKind;
  title: string;
  published_on: string;
  event: string;
  summary: string;
  files: string[];
}

export function emptyPublicationForm(): PublicationForm {
  return { kind: 'conference_report', title: '', published_on: '', event: '', summary: '', files: [] };
}

export function publicationFormOf(p: Publication): PublicationForm {
  return { kind: p.kind, title: p.title, published_on: p.published_on ?? '', event: p.event, summary: p.summary, files: [...p.files] };
}

export function publicationInputOf(form: PublicationForm): PublicationInput {
  return {
    kind: form.kind,
    title: form.title.trim(),
    published_on: form.published_on.trim() === '' ? null : form.published_on.trim(),
    event: form.event.trim(),
    summary: form.summary.trim(),
    files: form.files,
  };
}

export function checkPublicationForm(form: PublicationForm): Partial<Record<keyof PublicationInput, 'publications.error.title'>> {
  return form.title.trim() === '' ? { title: 'publications.error.title' } : {};
}
