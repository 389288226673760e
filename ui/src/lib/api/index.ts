// Owns every call from the UI to the Rust backend: the only module that imports the generated
// bindings (and Tauri's event API). Each function answers the command's data or throws an
// `ApiError`.
import { listen } from '@tauri-apps/api/event';
import { commands } from '../bindings';
import type { EntityKind, OrganisationInput, OrganisationQuery, PersonInput, PersonQuery } from '../bindings';
import { unwrap } from './errors';

export { ApiError, toApiError } from './errors';
export type { ApiErrorKind } from './errors';
export type * from './types';

export const api = {
  startup: () => unwrap(commands.startup()),
  loadDemoData: () => unwrap(commands.loadDemoData()),
  /** Remembers "start empty", so the demo data is not offered again. */
  declineDemoData: () => unwrap(commands.declineDemoData()),
  setLanguage: (language: string) => unwrap(commands.setLanguage(language)),
  countries: () => unwrap(commands.countries()),

  listOrganisations: (query: OrganisationQuery) => unwrap(commands.listOrganisations(query)),
  getOrganisation: (id: string) => unwrap(commands.getOrganisation(id)),
  createOrganisation: (input: OrganisationInput) => unwrap(commands.createOrganisation(input)),
  updateOrganisation: (id: string, input: OrganisationInput) => unwrap(commands.updateOrganisation(id, input)),
  /** Answers the mutation id that `undo` takes back. */
  deleteOrganisation: (id: string) => unwrap(commands.deleteOrganisation(id)),

  listPeople: (query: PersonQuery) => unwrap(commands.listPeople(query)),
  getPerson: (id: string) => unwrap(commands.getPerson(id)),
  createPerson: (input: PersonInput) => unwrap(commands.createPerson(input)),
  updatePerson: (id: string, input: PersonInput) => unwrap(commands.updatePerson(id, input)),
  /** Answers the mutation id that `undo` takes back. */
  deletePerson: (id: string) => unwrap(commands.deletePerson(id)),

  undo: (mutationId: string) => unwrap(commands.undo(mutationId)),
  history: (entity: EntityKind, id: string) => unwrap(commands.history(entity, id)),

  syncOverview: () => unwrap(commands.syncOverview()),
  /** Signs in; a refused address, name or password comes back as a validation error on that field. */
  syncConnect: (serverUrl: string, username: string, password: string) =>
    unwrap(commands.syncConnect(serverUrl, username, password)),
  /** Signs out; local data and changes not yet sent stay. */
  syncDisconnect: () => unwrap(commands.syncDisconnect()),
  /** Asks the background sync to run now; its outcome arrives as a "sync-changed" event. */
  syncNow: () => unwrap(commands.syncNow()),
  listConflicts: () => unwrap(commands.listConflicts()),
  /** Closes a conflict: `restoreOverwritten` puts the overwritten value back, else the current one stays. */
  resolveConflict: (id: string, restoreOverwritten: boolean) => unwrap(commands.resolveConflict(id, restoreOverwritten)),
  syncLog: () => unwrap(commands.syncLog()),
};

/** The event the backend sends when a background sync starts or ends. */
const SYNC_CHANGED = 'sync-changed';

/**
 * Calls `callback` with the number of changes pulled each time a background sync starts
 * (0) or ends; answers the function that stops listening.
 */
export async function onSyncChanged(callback: (pulled: number) => void): Promise<() => void> {
  return listen<number>(SYNC_CHANGED, (event) => callback(typeof event.payload === 'number' ? event.payload : 0));
}
