// Owns saving dues documents (invoice and reminder PDFs) in the interface's language, with the
// toast that says where the file went or why it could not be made.
import { api, type DocumentLanguage, type Invoice } from '../../lib/api';
import { i18n, t } from '../../lib/i18n';
import { showToast } from '../../lib/toasts.svelte';

export type DuesDocument = 'invoice' | 'reminder';

/** The document language for the interface language (documents exist in English and French). */
export function documentLanguage(language: string): DocumentLanguage {
  return language === 'fr' ? 'fr' : 'en';
}

/** Asks where to save the PDF, writes it and says so; errors (no bank details yet…) in a toast. */
export async function saveDuesPdf(kind: DuesDocument, invoice: Invoice): Promise<string | null> {
  const language = documentLanguage(i18n.language);
  try {
    const path =
      kind === 'invoice' ? await api.saveInvoicePdf(invoice.id, language) : await api.saveReminderPdf(invoice.id, language);
    if (path !== null) showToast(t('documents.saved', { path }));
    return path;
  } catch (error) {
    showToast(t('documents.failed', { message: error instanceof Error ? error.message : String(error) }), { tone: 'error' });
    return null;
  }
}
