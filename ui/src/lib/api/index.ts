// Owns every call from the UI to the Rust backend: the only module that imports the generated
// bindings. Each function answers the command's data or throws an `ApiError`.
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
};
