// Owns every call from the UI to the Rust backend: the only module that imports the generated
// bindings (and Tauri's event API). Each function answers the command's data or throws an
// `ApiError`.
import { listen } from '@tauri-apps/api/event';
import { commands } from '../bindings';
import type {
  AssociationDetails,
  DocumentLanguage,
  GdprSettings,
  ColumnMapping,
  DuesSettings,
  ExportFormat,
  ImportKind,
  ImportOptions,
  ImportProgress,
  ListQuery,
  EntityKind,
  FeeBandInput,
  OrganisationInput,
  OrganisationQuery,
  PaymentInput,
  SeatInput,
  PersonInput,
  PersonQuery,
} from '../bindings';
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

  /** The year's fee schedule; `stored` is false while it is only proposed. */
  feeSchedule: (year: number) => unwrap(commands.feeSchedule(year)),
  ensureFeeSchedule: (year: number) => unwrap(commands.ensureFeeSchedule(year)),
  addFeeBand: (input: FeeBandInput) => unwrap(commands.addFeeBand(input)),
  updateFeeBand: (id: string, input: FeeBandInput) => unwrap(commands.updateFeeBand(id, input)),
  deleteFeeBand: (id: string) => unwrap(commands.deleteFeeBand(id)),
  feeFor: (organisationId: string, year: number) => unwrap(commands.feeFor(organisationId, year)),
  previewDuesRun: (year: number) => unwrap(commands.previewDuesRun(year)),
  /** Issues the year's invoices dated `issuedOn` (YYYY-MM-DD); running it again issues nothing twice. */
  issueDuesRun: (year: number, issuedOn: string) => unwrap(commands.issueDuesRun(year, issuedOn)),
  invoicesOfYear: (year: number) => unwrap(commands.invoicesOfYear(year)),
  invoicesOfMember: (organisationId: string) => unwrap(commands.invoicesOfMember(organisationId)),
  /** An over-payment comes back as a validation error on `amount_cents`. */
  recordPayment: (input: PaymentInput) => unwrap(commands.recordPayment(input)),
  deletePayment: (id: string) => unwrap(commands.deletePayment(id)),
  paymentsOfInvoice: (invoiceId: string) => unwrap(commands.paymentsOfInvoice(invoiceId)),
  memberBalance: (organisationId: string, on: string) => unwrap(commands.memberBalance(organisationId, on)),
  overdueInvoices: (on: string) => unwrap(commands.overdueInvoices(on)),
  reminderText: (invoiceId: string) => unwrap(commands.reminderText(invoiceId)),
  statusChangesDue: (on: string) => unwrap(commands.statusChangesDue(on)),
  applyStatusRules: (on: string) => unwrap(commands.applyStatusRules(on)),
  duesSettings: () => unwrap(commands.duesSettings()),
  setDuesSettings: (settings: DuesSettings) => unwrap(commands.setDuesSettings(settings)),

  /** The committee on `on` (YYYY-MM-DD; today when empty). */
  committee: (on: string) => unwrap(commands.committee(on)),
  currentSeatsOfPerson: (personId: string) => unwrap(commands.currentSeatsOfPerson(personId)),
  addSeat: (input: SeatInput) => unwrap(commands.addSeat(input)),
  updateSeat: (id: string, input: SeatInput) => unwrap(commands.updateSeat(id, input)),
  endSeat: (id: string, lastDay: string) => unwrap(commands.endSeat(id, lastDay)),
  /** Answers the mutation id that `undo` takes back. */
  deleteSeat: (id: string) => unwrap(commands.deleteSeat(id)),

  /** The native open dialog; null when the user cancels. */
  chooseImportFile: () => unwrap(commands.chooseImportFile()),
  importPreview: (kind: ImportKind, path: string) => unwrap(commands.importPreview(kind, path)),
  /** Row errors and duplicates come back as data, not as a failure. */
  importCheck: (kind: ImportKind, path: string, mapping: ColumnMapping) =>
    unwrap(commands.importCheck(kind, path, mapping)),
  /** All rows or none; progress arrives through `onImportProgress`. */
  importCommit: (kind: ImportKind, path: string, options: ImportOptions) =>
    unwrap(commands.importCommit(kind, path, options)),
  cancelImport: () => unwrap(commands.cancelImport()),
  /** The native save dialog, then the file; answers the saved path, null when cancelled. */
  exportList: (list: ListQuery, format: ExportFormat) => unwrap(commands.exportList(list, format)),

  associationDetails: () => unwrap(commands.associationDetails()),
  /** A bad IBAN or BIC comes back as a validation error on its field. */
  setAssociationDetails: (details: AssociationDetails) => unwrap(commands.setAssociationDetails(details)),
  /** The native save dialog, then the PDF; answers the saved path, null when cancelled. */
  saveInvoicePdf: (invoiceId: string, language: DocumentLanguage) => unwrap(commands.saveInvoicePdf(invoiceId, language)),
  saveReminderPdf: (invoiceId: string, language: DocumentLanguage) => unwrap(commands.saveReminderPdf(invoiceId, language)),

  overview: () => unwrap(commands.overview()),

  /** The save dialog, then the JSON and the HTML beside it; answers the JSON's path, null when cancelled. */
  exportPersonData: (personId: string, language: DocumentLanguage) => unwrap(commands.exportPersonData(personId, language)),
  /** Erases the person on every laptop (through sync). Cannot be undone. */
  erasePerson: (personId: string) => unwrap(commands.erasePerson(personId)),
  gdprSettings: () => unwrap(commands.gdprSettings()),
  setGdprSettings: (settings: GdprSettings) => unwrap(commands.setGdprSettings(settings)),
  inactiveContacts: (on: string) => unwrap(commands.inactiveContacts(on)),
};

/** The event the backend sends as an import goes on. */
const IMPORT_PROGRESS = 'import-progress';

/** Calls `callback` with each import progress report; answers the function that stops listening. */
export async function onImportProgress(callback: (progress: ImportProgress) => void): Promise<() => void> {
  return listen<ImportProgress>(IMPORT_PROGRESS, (event) => callback(event.payload));
}

/** The event the backend sends when a background sync starts or ends. */
const SYNC_CHANGED = 'sync-changed';

/**
 * Calls `callback` with the number of changes pulled each time a background sync starts
 * (0) or ends; answers the function that stops listening.
 */
export async function onSyncChanged(callback: (pulled: number) => void): Promise<() => void> {
  return listen<number>(SYNC_CHANGED, (event) => callback(typeof event.payload === 'number' ? event.payload : 0));
}
