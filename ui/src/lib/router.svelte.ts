// Owns navigation: the hash routes of the app (`#/members/<id>` …), parsing them into a typed
// `Route`, and the reactive current route.

export type Route =
  | { area: 'members'; view: 'list' }
  | { area: 'members'; view: 'new' }
  | { area: 'members'; view: 'detail'; id: string }
  | { area: 'contacts'; view: 'list' }
  | { area: 'contacts'; view: 'new'; organisationId: string | null }
  | { area: 'contacts'; view: 'detail'; id: string }
  | { area: 'events'; view: 'list' }
  | { area: 'events'; view: 'detail'; id: string }
  /** The door check-in screen of an event. */
  | { area: 'events'; view: 'door'; id: string }
  /** `member` narrows the invoices shown to one member's. */
  | { area: 'dues'; view: 'page'; member: string | null }
  | { area: 'committee'; view: 'page' }
  | { area: 'applications'; view: 'page' }
  | { area: 'practices'; view: 'page' }
  | { area: 'bulletin'; view: 'page' }
  | { area: 'publications'; view: 'page' }
  | { area: 'funding'; view: 'page' }
  | { area: 'overview'; view: 'page' }
  | { area: 'sync'; view: 'page' }
  | { area: 'settings'; view: 'page' }
  | { area: 'unknown'; view: 'page'; path: string };

export type Area = Route['area'];

/** The path segment of each area that has one. */
const SEGMENTS: Record<Exclude<Area, 'unknown'>, string> = {
  members: 'members',
  contacts: 'contacts',
  dues: 'dues',
  committee: 'committee',
  overview: 'overview',
  events: 'events',
  applications: 'applications',
  practices: 'best-practices',
  bulletin: 'e-bulletin',
  funding: 'funders',
  publications: 'publications',
  sync: 'sync',
  settings: 'settings',
};

function areaOfSegment(segment: string): Exclude<Area, 'unknown'> | null {
  const found = (Object.keys(SEGMENTS) as (keyof typeof SEGMENTS)[]).find((a) => SEGMENTS[a] === segment);
  return found ?? null;
}

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/** `#/members/0193…` → a Route. An empty hash is the members list, the app's home. */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart, queryPart = ''] = raw.split('?', 2);
  const parts = pathPart.split('/').filter((p) => p !== '');
  const query = new URLSearchParams(queryPart);
  if (parts.length === 0) return { area: 'members', view: 'list' };
  const unknown: Route = { area: 'unknown', view: 'page', path: raw };
  const area = areaOfSegment(parts[0]);
  if (area === null) return unknown;
  if (area === 'members' || area === 'contacts') {
    if (parts.length === 1) return { area, view: 'list' };
    if (parts.length > 2) return unknown;
    if (parts[1] === 'new') {
      return area === 'members'
        ? { area, view: 'new' }
        : { area, view: 'new', organisationId: query.get('organisation') || null };
    }
    const id = decode(parts[1]);
    return id ? { area, view: 'detail', id } : unknown;
  }
  if (area === 'events') {
    if (parts.length === 1) return { area, view: 'list' };
    const id = decode(parts[1]);
    if (!id || parts.length > 3 || (parts.length === 3 && parts[2] !== 'door')) return unknown;
    return parts.length === 3 ? { area, view: 'door', id } : { area, view: 'detail', id };
  }
  if (parts.length > 1) return unknown;
  if (area === 'dues') return { area, view: 'page', member: query.get('member') || null };
  return { area, view: 'page' };
}

/** The hash of a route; `parseRoute(hrefOf(r))` gives `r` back. */
export function hrefOf(route: Route): string {
  if (route.area === 'unknown') return `#/${route.path.replace(/^\//, '')}`;
  const base = `#/${SEGMENTS[route.area]}`;
  if (route.view === 'new') {
    const organisation = 'organisationId' in route && route.organisationId;
    return organisation ? `${base}/new?organisation=${encodeURIComponent(organisation)}` : `${base}/new`;
  }
  if (route.view === 'detail') return `${base}/${encodeURIComponent(route.id)}`;
  if (route.view === 'door') return `${base}/${encodeURIComponent(route.id)}/door`;
  if (route.area === 'dues' && route.member) return `${base}?member=${encodeURIComponent(route.member)}`;
  return base;
}

export const paths = {
  members: () => hrefOf({ area: 'members', view: 'list' }),
  member: (id: string) => hrefOf({ area: 'members', view: 'detail', id }),
  newMember: () => hrefOf({ area: 'members', view: 'new' }),
  contacts: () => hrefOf({ area: 'contacts', view: 'list' }),
  contact: (id: string) => hrefOf({ area: 'contacts', view: 'detail', id }),
  newContact: (organisationId: string | null = null) => hrefOf({ area: 'contacts', view: 'new', organisationId }),
  dues: (member: string | null = null) => hrefOf({ area: 'dues', view: 'page', member }),
  area: (area: Exclude<Area, 'unknown' | 'members' | 'contacts'>) => `#/${SEGMENTS[area]}`,
  event: (id: string) => hrefOf({ area: 'events', view: 'detail', id }),
  door: (id: string) => hrefOf({ area: 'events', view: 'door', id }),
};

// ---- the live router (browser only) ----

const inBrowser = typeof window !== 'undefined';
const currentHash = () => (inBrowser ? window.location.hash : '');

let route = $state<Route>(parseRoute(currentHash()));

export const router = {
  get route(): Route {
    return route;
  },
};

if (inBrowser) {
  window.addEventListener('hashchange', () => {
    route = parseRoute(window.location.hash);
  });
}

/** Goes to `hash`; `replace` leaves no history entry for the page being left. */
export function navigate(hash: string, options: { replace?: boolean } = {}): void {
  if (!inBrowser) return;
  if (options.replace) window.history.replaceState(null, '', hash);
  else if (window.location.hash !== hash) window.history.pushState(null, '', hash);
  route = parseRoute(hash);
}
