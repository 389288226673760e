// Owns the one transient message at the bottom of the window, with an optional Undo action
// (also reachable with Ctrl+Z while it is shown).

export interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'error';
  undo?: () => Promise<void>;
}

let current = $state<Toast | null>(null);
let nextId = 1;
let timer: ReturnType<typeof setTimeout> | undefined;

export const toasts = {
  get current(): Toast | null {
    return current;
  },
};

export function showToast(message: string, options: { tone?: Toast['tone']; undo?: Toast['undo']; timeoutMs?: number } = {}): void {
  if (timer !== undefined) clearTimeout(timer);
  const toast: Toast = { id: nextId++, message, tone: options.tone ?? 'info', undo: options.undo };
  current = toast;
  // An undo stays offered long enough to notice the mistake and come back to it.
  const timeout = options.timeoutMs ?? (options.undo ? 30_000 : 5_000);
  timer = setTimeout(() => {
    if (current?.id === toast.id) current = null;
  }, timeout);
}

export function dismissToast(): void {
  if (timer !== undefined) clearTimeout(timer);
  current = null;
}

/** Runs the shown toast's Undo, once; false when there is nothing to undo. */
export async function undoFromToast(): Promise<boolean> {
  const undo = current?.undo;
  if (!undo) return false;
  dismissToast();
  await undo();
  return true;
}
