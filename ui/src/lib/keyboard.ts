// Owns the app-wide keyboard rules: which key presses are shortcuts and when typing must be
// left alone. Pure functions over the event's facts, so they are testable without a DOM.

export interface KeyFacts {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** Elements where a plain key press is text, not a command. */
export function isEditable(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
}

const command = (e: KeyFacts) => (e.ctrlKey || e.metaKey) && !e.altKey;

/** `/` (outside a text field) or Ctrl+K (anywhere) jumps to the page's search box. */
export function isSearchShortcut(e: KeyFacts, inEditable: boolean): boolean {
  if (command(e) && e.key.toLowerCase() === 'k') return true;
  return e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !inEditable;
}

export const isSaveShortcut = (e: KeyFacts): boolean => command(e) && e.key.toLowerCase() === 's';
export const isUndoShortcut = (e: KeyFacts): boolean => command(e) && e.key.toLowerCase() === 'z';
