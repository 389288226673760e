// Owns every call from the UI to the Rust backend: the only module that imports the generated
// bindings (and Tauri's event API). Each function answers the command's data or throws an
// `ApiError`.
import { listen } from '@tauri-apps/api/event';
import { commands } from '../bindings';
import type {
  AssociationDetails,
  DocumentLanguage,
  BadgeLayout,
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
  CatalogueLanguage,
  PracticeInput,
  ConsentInput,
  IssueInput,
  RecipientQuery,
  SmtpSettings,
  SendProgress,
  SendFinished,
  GrantInput,
  PublicationInput,
  PublicationKind,
  PracticeQuery,
  PersonInput,
  PersonQuery,
  EventInput,
  PaymentStatus,
  PriceTierInput,
  RegistrationQuery,
  RegistrationRequest,
  SessionInput,
  Tier,
  ApplicationInput,
  ApplicationStatus,
  Attachment,
  DecisionInput,
  LetterLanguage,
  ReviewInput,
  ReviewSettings,
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

  listPractices: (query: PracticeQuery) => unwrap(commands.listPractices(query)),
  getPractice: (id: string) => unwrap(commands.getPractice(id)),
  createPractice: (input: PracticeInput) => unwrap(commands.createPractice(input)),
  updatePractice: (id: string, input: PracticeInput) => unwrap(commands.updatePractice(id, input)),
  /** Answers the mutation id that `undo` takes back. */
  deletePractice: (id: string) => unwrap(commands.deletePractice(id)),
  practiceCountries: () => unwrap(commands.practiceCountries()),
  /** Markdown rendered and sanitised by the backend, safe for {@html}. */
  renderMarkdown: (markdown: string) => unwrap(commands.renderMarkdown(markdown)),
  /** The native save dialog, then the catalogue written there; null when the user cancels. */
  exportPracticeCatalogue: (query: PracticeQuery, language: CatalogueLanguage) =>
    unwrap(commands.exportPracticeCatalogue(query, language)),

  bulletinStatus: (personId: string) => unwrap(commands.bulletinStatus(personId)),
  recordBulletinConsent: (personId: string, input: ConsentInput) => unwrap(commands.recordBulletinConsent(personId, input)),
  unsubscribeFromBulletin: (personId: string) => unwrap(commands.unsubscribeFromBulletin(personId)),
  bulletinRecipients: (query: RecipientQuery) => unwrap(commands.bulletinRecipients(query)),
  /** The native save dialog, then the CSV; answers the saved path, null when cancelled. */
  exportBulletinRecipients: () => unwrap(commands.exportBulletinRecipients()),
  mailSettings: () => unwrap(commands.mailSettings()),
  /** `password` null keeps the saved one, "" forgets it. */
  setMailSettings: (smtp: SmtpSettings, password: string | null) => unwrap(commands.setMailSettings(smtp, password)),
  bulletinIssues: () => unwrap(commands.bulletinIssues()),
  createIssue: (input: IssueInput) => unwrap(commands.createIssue(input)),
  updateIssue: (id: string, input: IssueInput) => unwrap(commands.updateIssue(id, input)),
  deleteIssue: (id: string) => unwrap(commands.deleteIssue(id)),
  previewIssue: (id: string) => unwrap(commands.previewIssue(id)),
  /** Queues a draft (recipients fixed now) and sends in the background; progress comes as events. */
  sendIssue: (id: string) => unwrap(commands.sendIssue(id)),
  pauseSending: () => unwrap(commands.pauseSending()),
  sendingIssue: () => unwrap(commands.sendingIssue()),
  issueDeliveries: (id: string) => unwrap(commands.issueDeliveries(id)),
  retryUncertain: (id: string) => unwrap(commands.retryUncertain(id)),

  listPublications: (kind: PublicationKind | null) => unwrap(commands.listPublications(kind)),
  createPublication: (input: PublicationInput) => unwrap(commands.createPublication(input)),
  updatePublication: (id: string, input: PublicationInput) => unwrap(commands.updatePublication(id, input)),
  /** Answers the mutation id that `undo` takes back. */
  deletePublication: (id: string) => unwrap(commands.deletePublication(id)),
  /** The native open dialog, then a copy kept beside the store; null when cancelled. */
  attachPublicationFile: (id: string) => unwrap(commands.attachPublicationFile(id)),
  /** The native save dialog, then a copy of the attached file; null when cancelled. */
  savePublicationFile: (id: string, stored: string) => unwrap(commands.savePublicationFile(id, stored)),
  listGrants: () => unwrap(commands.listGrants()),
  createGrant: (input: GrantInput) => unwrap(commands.createGrant(input)),
  updateGrant: (id: string, input: GrantInput) => unwrap(commands.updateGrant(id, input)),
  /** Answers the mutation id that `undo` takes back. */
  deleteGrant: (id: string) => unwrap(commands.deleteGrant(id)),
  grantReminders: (withinDays: number) => unwrap(commands.grantReminders(withinDays)),
  partners: () => unwrap(commands.partners()),

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

  listEvents: () => unwrap(commands.listEvents()),
  /** The event with its programme, tiers and counters. */
  getEvent: (id: string) => unwrap(commands.getEvent(id)),
  createEvent: (input: EventInput) => unwrap(commands.createEvent(input)),
  updateEvent: (id: string, input: EventInput) => unwrap(commands.updateEvent(id, input)),
  deleteEvent: (id: string) => unwrap(commands.deleteEvent(id)),
  /** Meetings the reference data calls for in `year` (capitals of culture, EU presidency). */
  eventSuggestions: (year: number) => unwrap(commands.eventSuggestions(year)),
  addSession: (input: SessionInput) => unwrap(commands.addSession(input)),
  updateSession: (id: string, input: SessionInput) => unwrap(commands.updateSession(id, input)),
  deleteSession: (id: string) => unwrap(commands.deleteSession(id)),
  setPriceTier: (input: PriceTierInput) => unwrap(commands.setPriceTier(input)),
  deletePriceTier: (id: string) => unwrap(commands.deletePriceTier(id)),
  listRegistrations: (eventId: string, query: RegistrationQuery) => unwrap(commands.listRegistrations(eventId, query)),
  register: (request: RegistrationRequest) => unwrap(commands.register(request)),
  /** Creates the contact and registers them, both or neither. */
  registerNewContact: (person: PersonInput, request: RegistrationRequest) => unwrap(commands.registerNewContact(person, request)),
  /** Answers the cancelled registration and whoever got the freed seat. */
  cancelRegistration: (id: string) => unwrap(commands.cancelRegistration(id)),
  setPayment: (id: string, payment: PaymentStatus) => unwrap(commands.setPayment(id, payment)),
  setNeeds: (id: string, diet: string, access: string) => unwrap(commands.setNeeds(id, diet, access)),
  overrideTier: (id: string, tier: Tier, reason: string) => unwrap(commands.overrideTier(id, tier, reason)),
  eventBadges: (eventId: string) => unwrap(commands.eventBadges(eventId)),
  /** The door's answer to a badge code; a green answer has recorded a check-in. */
  checkIn: (eventId: string, code: string) => unwrap(commands.checkIn(eventId, code)),
  checkInRegistration: (eventId: string, registrationId: string) => unwrap(commands.checkInRegistration(eventId, registrationId)),
  /** Registers someone at the door and checks them in. */
  walkIn: (request: RegistrationRequest) => unwrap(commands.walkIn(request)),
  undoLastCheckIn: (eventId: string) => unwrap(commands.undoLastCheckIn(eventId)),
  /** Check-ins of the same badge made on other laptops, as the last sync knows them. */
  otherCheckIns: (checkInId: string) => unwrap(commands.otherCheckIns(checkInId)),
  eventCounters: (eventId: string) => unwrap(commands.eventCounters(eventId)),
  eventDuplicates: (eventId: string) => unwrap(commands.eventDuplicates(eventId)),
  eventQuorum: (eventId: string) => unwrap(commands.eventQuorum(eventId)),
  deviceName: () => unwrap(commands.deviceName()),
  setDeviceName: (name: string) => unwrap(commands.setDeviceName(name)),
  /** The native save dialog, then the attendee list; answers the saved path, null when cancelled. */
  exportAttendees: (eventId: string, format: ExportFormat) => unwrap(commands.exportAttendees(eventId, format)),
  eventStatistics: (eventId: string) => unwrap(commands.eventStatistics(eventId)),
  yearStatistics: (year: number) => unwrap(commands.yearStatistics(year)),
  /** The answer to a badge scanned at a session's door (optional per-session check-in). */
  checkInSession: (sessionId: string, code: string) => unwrap(commands.checkInSession(sessionId, code)),
  sessionAttendance: (eventId: string) => unwrap(commands.sessionAttendance(eventId)),
  /** Everyone of the CSV at `path`, or no one: a wrong row comes back as an error naming its line. */
  importRegistrations: (eventId: string, path: string) => unwrap(commands.importRegistrations(eventId, path)),
  /** The signed-in account and the seat it holds (the reviewer on a committee laptop). */
  reviewIdentity: () => unwrap(commands.reviewIdentity()),
  listApplications: (status: ApplicationStatus | null) => unwrap(commands.listApplications(status)),
  getApplication: (id: string) => unwrap(commands.getApplication(id)),
  recordApplication: (input: ApplicationInput) => unwrap(commands.recordApplication(input)),
  updateApplication: (id: string, input: ApplicationInput) => unwrap(commands.updateApplication(id, input)),
  withdrawApplication: (id: string) => unwrap(commands.withdrawApplication(id)),
  /** The native open dialog, then the file is kept under its SHA-256; null when cancelled. */
  chooseAttachment: () => unwrap(commands.chooseAttachment()),
  /** The native save dialog for a copy of a kept attachment; null when cancelled. */
  saveAttachmentCopy: (attachment: Attachment) => unwrap(commands.saveAttachmentCopy(attachment)),
  applicationTimeline: (id: string) => unwrap(commands.applicationTimeline(id)),
  assignmentPanel: (applicationId: string) => unwrap(commands.assignmentPanel(applicationId)),
  /** A conflict of interest comes back as a validation error on `seat_id`, saying why. */
  assignReviewer: (applicationId: string, seatId: string) => unwrap(commands.assignReviewer(applicationId, seatId)),
  unassignReviewer: (assignmentId: string) => unwrap(commands.unassignReviewer(assignmentId)),
  autoAssign: () => unwrap(commands.autoAssign()),
  reviewSettings: () => unwrap(commands.reviewSettings()),
  setReviewSettings: (settings: ReviewSettings) => unwrap(commands.setReviewSettings(settings)),
  myReviews: (seatId: string) => unwrap(commands.myReviews(seatId)),
  /** What `seatId` may see of the reviews; null is the secretariat (everything). */
  reviewsFor: (applicationId: string, seatId: string | null) => unwrap(commands.reviewsFor(applicationId, seatId)),
  saveReviewDraft: (applicationId: string, seatId: string, input: ReviewInput) =>
    unwrap(commands.saveReviewDraft(applicationId, seatId, input)),
  /** Final once it succeeds. */
  submitReview: (applicationId: string, seatId: string, input: ReviewInput) =>
    unwrap(commands.submitReview(applicationId, seatId, input)),
  decisionSummary: (applicationId: string) => unwrap(commands.decisionSummary(applicationId)),
  decideApplication: (applicationId: string, input: DecisionInput) => unwrap(commands.decideApplication(applicationId, input)),
  decisionLetter: (applicationId: string, language: LetterLanguage) => unwrap(commands.decisionLetter(applicationId, language)),
  /** The native save dialog, then the letter as text; answers the path, null when cancelled. */
  saveDecisionLetter: (applicationId: string, language: LetterLanguage) =>
    unwrap(commands.saveDecisionLetter(applicationId, language)),
  associationDetails: () => unwrap(commands.associationDetails()),
  /** A bad IBAN or BIC comes back as a validation error on its field. */
  setAssociationDetails: (details: AssociationDetails) => unwrap(commands.setAssociationDetails(details)),
  /** The native save dialog, then the PDF; answers the saved path, null when cancelled. */
  saveInvoicePdf: (invoiceId: string, language: DocumentLanguage) => unwrap(commands.saveInvoicePdf(invoiceId, language)),
  saveReminderPdf: (invoiceId: string, language: DocumentLanguage) => unwrap(commands.saveReminderPdf(invoiceId, language)),
  /** The save dialog, then the badges of everyone registered; answers the path, null when cancelled. */
  saveEventBadges: (eventId: string, layout: BadgeLayout) => unwrap(commands.saveEventBadges(eventId, layout)),
  /** One registration's badge on an A6 page, to print at the door. */
  saveRegistrationBadge: (registrationId: string) => unwrap(commands.saveRegistrationBadge(registrationId)),
  /** The announced events (or the one given) and their programme as an .ics file. */
  /** The printable attendee list as PDF through the save dialog. */
  saveAttendeesPdf: (eventId: string) => unwrap(commands.saveAttendeesPdf(eventId)),
  saveEventsCalendar: (eventId: string | null) => unwrap(commands.saveEventsCalendar(eventId)),

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

const BULLETIN_PROGRESS = 'bulletin-progress';
const BULLETIN_FINISHED = 'bulletin-finished';

/** Calls `callback` with each e-bulletin send progress report; answers the function that stops listening. */
export async function onBulletinProgress(callback: (progress: SendProgress) => void): Promise<() => void> {
  return listen<SendProgress>(BULLETIN_PROGRESS, (event) => callback(event.payload));
}

/** Calls `callback` when an e-bulletin send ends (finished, paused or interrupted). */
export async function onBulletinFinished(callback: (finished: SendFinished) => void): Promise<() => void> {
  return listen<SendFinished>(BULLETIN_FINISHED, (event) => callback(event.payload));
}
