// Owns the French messages of sync, its log and conflicts, typed against the English ones: a missing
// or extra key is a compile error.
import type { enSync } from '../en/sync';

export const frSync: Record<keyof typeof enSync, string> = {
  // sync, l’état en une ligne de la barre latérale
  'sync.state.checking': 'Vérification de la synchronisation…',
  'sync.state.not_connected': 'Non connecté — travail hors ligne',
  'sync.state.needs_update': 'Mettez l’application à jour pour synchroniser',
  'sync.state.signed_out': 'Reconnectez-vous',
  'sync.state.conflicts.one': '{count} conflit',
  'sync.state.conflicts.other': '{count} conflits',
  'sync.state.offline': 'Hors ligne — modifications gardées, nouvel essai',
  'sync.state.failed': 'Échec de la synchronisation — nouvel essai',
  'sync.state.syncing': 'Synchronisation…',
  'sync.state.waiting.one': '{count} modification en attente',
  'sync.state.waiting.other': '{count} modifications en attente',
  'sync.state.synced': 'Synchronisé {time}',
  'sync.state.connecting': 'Connexion…',
  'sync.state.hint': 'Ouvrir la page Synchronisation',

  // page synchronisation
  'sync.intro_offline': 'Rencontres fonctionne entièrement hors ligne\u00a0: tout ce que vous faites est d’abord enregistré sur cet ordinateur.',
  'sync.intro_share':
    'Se connecter au serveur de l’association partage vos modifications avec les autres ordinateurs du secrétariat, et apporte les leurs ici.',
  'sync.intro_token':
    'La connexion donne à cet ordinateur un jeton, rangé dans un fichier que seul votre compte utilisateur peut lire — pas dans la base de données. Votre mot de passe n’est pas gardé.',
  'sync.connect_title': 'Se connecter au serveur',
  'sync.field.server_url': 'Adresse du serveur',
  'sync.field.username': 'Nom d’utilisateur',
  'sync.field.password': 'Mot de passe',
  'sync.connect': 'Se connecter',
  'sync.signing_in': 'Connexion…',
  'sync.connected_toast': 'Connecté à {server}. La première synchronisation a commencé.',
  'sync.connect_failed': 'Connexion impossible\u00a0: {message}',
  'sync.signed_out_notice':
    'Le serveur n’accepte plus la connexion de cet ordinateur (elle a expiré ou a été révoquée). Reconnectez-vous\u00a0: vos données et les modifications pas encore envoyées sont gardées.',
  'sync.needs_update_notice':
    'Le serveur utilise une version plus récente de la synchronisation. Mettez Rencontres à jour pour continuer à synchroniser\u00a0; en attendant, vos modifications restent sur cet ordinateur.',
  'sync.status_title': 'Connexion',
  'sync.server': 'Serveur',
  'sync.username': 'Connecté en tant que',
  'sync.network': 'Réseau',
  'sync.online': 'En ligne',
  'sync.offline_retrying': 'Hors ligne — nouvel essai automatique',
  'sync.not_tried': 'Pas encore essayé',
  'sync.last_sync': 'Dernière synchronisation',
  'sync.never': 'Jamais',
  'sync.waiting_label': 'En attente d’envoi',
  'sync.waiting.one': '{count} modification',
  'sync.waiting.other': '{count} modifications',
  'sync.nothing_waiting': 'Rien',
  'sync.last_error': 'Dernière erreur',
  'sync.now': 'Synchroniser maintenant',
  'sync.now_busy': 'Synchronisation…',
  'sync.now_failed': 'La synchronisation n’a pas pu démarrer\u00a0: {message}',
  'sync.disconnect': 'Se déconnecter',
  'sync.disconnect_title': 'Se déconnecter du serveur\u00a0?',
  'sync.disconnect_message':
    'Cet ordinateur arrête de synchroniser et oublie sa connexion. Les données locales et les modifications pas encore envoyées sont gardées\u00a0; elles partiront à la prochaine connexion.',
  'sync.disconnected_toast': 'Déconnecté. Vos données restent sur cet ordinateur.',
  'sync.disconnect_failed': 'Déconnexion impossible\u00a0: {message}',
  'sync.load_failed': 'L’état de la synchronisation n’a pas pu être lu\u00a0: {message}',

  // conflits
  'conflicts.title': 'Conflits',
  'conflicts.intro':
    'Deux personnes ont modifié le même champ sans voir la modification de l’autre, et la plus récente a été gardée. Vérifiez chacune\u00a0: la garder, rétablir ce qu’elle a écrasé, ou modifier la fiche.',
  'conflicts.none': 'Aucun conflit.',
  'conflicts.failed': 'Les conflits n’ont pas pu être chargés\u00a0: {message}',
  'conflicts.entity.organisation': 'Membre',
  'conflicts.entity.person': 'Contact',
  'conflicts.deleted_record': 'fiche supprimée',
  'conflicts.current': '{value} par {by}, {time}',
  'conflicts.overwritten': 'écrasé\u00a0: {value} par {by}',
  'conflicts.keep': 'Garder l’actuel',
  'conflicts.restore': 'Rétablir l’écrasé',
  'conflicts.edit': 'Modifier',
  'conflicts.kept': 'La valeur actuelle est gardée.',
  'conflicts.restored': 'La valeur écrasée est rétablie.',
  'conflicts.resolve_failed': 'Le conflit n’a pas pu être résolu\u00a0: {message}',

  // journal de synchronisation
  'synclog.title': 'Journal de synchronisation',
  'synclog.none': 'Rien dans le journal pour l’instant.',
  'synclog.failed': 'Le journal de synchronisation n’a pas pu être chargé\u00a0: {message}',
  'synclog.level.info': 'Info',
  'synclog.level.warning': 'Avertissement',
  'synclog.level.error': 'Erreur',
};
