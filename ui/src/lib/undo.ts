// Owns offering to take back a write: a toast with Undo (or Ctrl+Z) that calls the backend's
// `undo` with the write's mutation id and says how it went.
import { api } from './api';
import { dataChanged } from './data.svelte';
import { t } from './i18n';
import { showToast } from './toasts.svelte';

export function offerUndo(message: string, mutationId: string, restoredMessage: string): void {
  showToast(message, {
    undo: async () => {
      try {
        await api.undo(mutationId);
        dataChanged();
        showToast(restoredMessage);
      } catch (error) {
        showToast(t('toast.undo_failed', { message: error instanceof Error ? error.message : String(error) }), { tone: 'error' });
      }
    },
  });
}
