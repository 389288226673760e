// Owns the French messages of navigation, forms, fields, lists, history, settings and everything shared, typed against the English ones: a missing
// or extra key is a compile error.
import type { enCommon } from '../en/common';

export const frCommon: Record<keyof typeof enCommon, string> = {
  // navigation
  'nav.label': 'Navigation principale',
  'nav.members': 'Membres',
  'nav.contacts': 'Contacts',
  'nav.events': 'Événements',
  'nav.applications': 'Candidatures',
  'nav.practices': 'Bonnes pratiques',
  'nav.publications': 'Publications',
  'nav.sync': 'Synchronisation',
  'nav.settings': 'Paramètres',

  // areas not built yet
  'notfound.title': 'Page introuvable',
  'notfound.body': 'Il n’y a pas de page à l’adresse «\u00a0{path}\u00a0».',
  'notfound.home': 'Aller à la liste des membres',

  // common actions
  'action.save': 'Enregistrer',
  'action.delete': 'Supprimer',
  'action.cancel': 'Annuler',
  'action.undo': 'Annuler',
  'action.dismiss': 'Fermer',
  'action.back_hint': 'Retour à la liste (Échap)',

  // start-up
  'problem.title': 'Rencontres ne peut pas ouvrir ses données',
  'problem.path': 'Fichier de données',
  'problem.advice': 'Ce que vous pouvez faire',
  'startup.failed_advice':
    'Fermez Rencontres et relancez-le. Si cela se reproduit, envoyez ce message à votre administrateur.',
  'startup.countries_failed': 'La liste des pays n’a pas pu être chargée\u00a0: {message}',
  'welcome.title': 'Bienvenue dans Rencontres',
  'welcome.body': 'Les données de cet ordinateur sont encore vides.',
  'welcome.demo':
    'Vous pouvez charger des données de démonstration — 112 collectivités membres de 25 pays avec leurs contacts — pour essayer l’application, ou commencer avec une liste vide.',
  'welcome.load': 'Charger la démonstration',
  'welcome.loading': 'Chargement…',
  'welcome.skip': 'Commencer à vide',
  'welcome.loaded': 'Démonstration chargée\u00a0: {organisations} organisations et {people} contacts.',
  'welcome.failed': 'La démonstration n’a pas pu être chargée\u00a0: {message}',
  'welcome.decline_failed':
    'Votre choix de commencer à vide n’a pas pu être mémorisé\u00a0; la proposition pourra revenir au prochain démarrage\u00a0: {message}',

  // lists
  'search.label': 'Rechercher',
  'filter.country': 'Pays',
  'filter.category': 'Catégorie',
  'filter.status': 'Statut',
  'filter.all_countries': 'Tous les pays',
  'filter.all_categories': 'Toutes les catégories',
  'filter.all_statuses': 'Tous les statuts',
  'filter.clear': 'Effacer les filtres',
  'list.load_failed': 'La liste n’a pas pu être chargée\u00a0: {message}. Nouvel essai dans un instant.',

  // fields (forms, columns and history)
  'field.name': 'Nom',
  'field.kind': 'Type',
  'field.country': 'Pays',
  'field.subdivision': 'Subdivision',
  'field.population': 'Population',
  'field.population_year': 'Année de la population',
  'field.population_source': 'Source de la population',
  'field.address': 'Adresse',
  'field.website': 'Site web',
  // The file an imported record came from: the first change of its History entry.
  'field.import': 'Importé depuis',
  'field.email': 'Courriel',
  'field.languages': 'Langues',
  'field.notes': 'Notes',
  'field.category': 'Catégorie',
  'field.status': 'Statut',
  'field.joined_on': 'Adhésion le',
  'field.left_on': 'Départ le',
  'field.first_name': 'Prénom',
  'field.last_name': 'Nom',
  'field.function': 'Fonction',
  'field.role': 'Rôle',
  'field.organisation_id': 'Organisation',
  'field.emails': 'Courriels',
  'field.phones': 'Téléphones',
  'field.deleted': 'Fiche',

  // enum values
  'kind.city': 'Ville',
  'kind.municipality_group': 'Groupement de communes',
  'kind.county': 'Comté',
  'kind.province': 'Province',
  'kind.region': 'Région',
  'kind.national_association': 'Association nationale d’élus',
  'kind.cultural_organisation': 'Organisation culturelle',
  'kind.partner_network': 'Réseau partenaire',
  'kind.funder': 'Financeur',
  'kind.other': 'Autre',
  'category.full': 'Membre de plein droit',
  'category.associate': 'Membre associé',
  'category.none': 'Non membre',
  'status.applicant': 'Candidat',
  'status.active': 'Actif',
  'status.lapsed': 'Échu',
  'status.suspended': 'Suspendu',
  'status.resigned': 'Démissionnaire',
  'role.elected': 'Élu',
  'role.officer': 'Agent',
  'role.other': 'Autre',

  // forms
  'form.saved': 'Enregistré',
  'form.saving': 'Enregistrement…',
  'form.unsaved': 'Modifications non enregistrées',
  'form.loading': 'Chargement…',
  'form.load_failed': 'Cette page n’a pas pu être chargée\u00a0: {message}',
  'form.save_failed': 'Non enregistré\u00a0: {message}. Vos saisies sont toujours dans le formulaire\u00a0; réessayez.',
  'form.choose_country': 'Choisissez un pays…',
  'form.languages_hint': 'Codes à deux lettres séparés par des virgules, par ex. fr, en',
  'form.list_hint': 'Séparez-en plusieurs par des virgules',
  'form.draft_restored': 'Vos modifications non enregistrées sont de retour dans le formulaire.',
  'form.discard_draft': 'Les abandonner',

  // client-side checks
  'validation.required': 'Ce champ est obligatoire.',
  'validation.too_long': 'Pas plus de {max} caractères.',
  'validation.country': 'Choisissez un pays dans la liste.',
  'validation.whole_number': 'Saisissez un nombre entier, par ex. 231800.',
  'validation.not_negative': 'Cette valeur ne peut pas être négative.',
  'validation.year': 'Saisissez une année entre 1800 et 2100.',
  'validation.email': '«\u00a0{value}\u00a0» n’est pas une adresse de courriel (attendu\u00a0: nom@domaine.org).',
  'validation.website': '«\u00a0{value}\u00a0» n’est pas une adresse web (attendu\u00a0: https://www.exemple.org).',
  'validation.language': '«\u00a0{value}\u00a0» n’est pas un code de langue à deux lettres (par ex. fr, en, de).',
  'validation.date': '«\u00a0{value}\u00a0» n’est pas une date (attendu\u00a0: AAAA-MM-JJ).',
  'validation.left_before_joined': 'La date de départ précède la date d’adhésion.',
  'validation.name_required': 'Indiquez au moins un prénom ou un nom.',
  'validation.phone': '«\u00a0{value}\u00a0» n’est pas un numéro de téléphone (par ex. +33 1 23 45 67 89).',

  // history
  'history.title': 'Historique',
  'history.none': 'Aucune modification enregistrée.',
  'history.failed': 'L’historique n’a pas pu être chargé\u00a0: {message}',
  'history.by': 'par {actor}',
  'history.unknown_actor': 'quelqu’un',
  'history.empty': '(vide)',
  'history.became': 'devient',
  'history.removed_organisation': '(une organisation supprimée)',
  'history.action.create': 'Création',
  'history.action.update': 'Modification',
  'history.action.delete': 'Suppression',
  'history.action.restore': 'Restauration',
  'history.action.undo': 'Annulation',

  // toasts
  'toast.restored': '«\u00a0{name}\u00a0» restauré.',
  'toast.undo_failed': 'Impossible d’annuler\u00a0: {message}',

  // settings
  'settings.title': 'Paramètres',
  'settings.language': 'Langue',
  'settings.language_hint': 'S’applique aussitôt et est mémorisée sur cet ordinateur.',
  'settings.language_not_saved': 'La langue est changée pour cette fois mais n’a pas pu être mémorisée\u00a0: {message}',
  'settings.store': 'Fichier de données',
  'settings.store_hint':
    'Toutes les données de cet ordinateur sont dans ce fichier. Sauvegardez-le avec le reste de vos documents.',
  'settings.version': 'Version',

  // valeurs
  'value.deleted': 'supprimé',
  'value.present': 'présent',
  'value.yes': 'oui',
  'value.no': 'non',
  // dues
  'nav.dues': 'Cotisations',
  'export.csv': 'Exporter en CSV',
  'export.xlsx': 'Exporter en Excel',
  'export.saved': 'Exporté vers {path}',
  'export.failed': 'L’export a échoué\u00a0: {message}',

  // committee
  'nav.committee': "Comité",
  'nav.bulletin': "Lettre d’information",
  'nav.funding': "Financeurs et partenaires",
  'settings.association.title': "Association",
  'settings.association.hint': "Imprimé sur les factures et les relances. Conservé sur cet ordinateur.",
  'settings.association.name': "Nom",
  'settings.association.address': "Adresse",
  'settings.association.email': "E-mail",
  'settings.association.website': "Site web",
  'settings.association.registration': "Numéro d'enregistrement ou de TVA",
  'settings.association.account_holder': "Titulaire du compte",
  'settings.association.bank_name': "Banque",
  'settings.association.iban': "IBAN",
  'settings.association.bic': "BIC",
  'settings.association.invoice_note': "Mention en bas des factures",
  'settings.association.saved': "Coordonnées de l'association enregistrées",
  'nav.overview': "Vue d’ensemble",
};
