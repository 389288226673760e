import { describe, expect, it } from 'vitest';
import { hrefOf, parseRoute, paths, type Route } from './router.svelte';

describe('parseRoute', () => {
  it('takes an empty hash to the members list', () => {
    expect(parseRoute('')).toEqual({ area: 'members', view: 'list' });
    expect(parseRoute('#')).toEqual({ area: 'members', view: 'list' });
    expect(parseRoute('#/')).toEqual({ area: 'members', view: 'list' });
  });

  it('reads lists, new forms and detail pages of members and contacts', () => {
    expect(parseRoute('#/members')).toEqual({ area: 'members', view: 'list' });
    expect(parseRoute('#/members/')).toEqual({ area: 'members', view: 'list' });
    expect(parseRoute('#/members/new')).toEqual({ area: 'members', view: 'new' });
    expect(parseRoute('#/members/0193a1b2-7c3d')).toEqual({ area: 'members', view: 'detail', id: '0193a1b2-7c3d' });
    expect(parseRoute('#/contacts')).toEqual({ area: 'contacts', view: 'list' });
    expect(parseRoute('#/contacts/new')).toEqual({ area: 'contacts', view: 'new', organisationId: null });
    expect(parseRoute('#/contacts/abc')).toEqual({ area: 'contacts', view: 'detail', id: 'abc' });
  });

  it('reads the organisation a new contact is linked to', () => {
    expect(parseRoute('#/contacts/new?organisation=org-1')).toEqual({ area: 'contacts', view: 'new', organisationId: 'org-1' });
    expect(parseRoute('#/contacts/new?organisation=')).toEqual({ area: 'contacts', view: 'new', organisationId: null });
  });

  it('reads the other areas and settings', () => {
    for (const [hash, area] of [
      ['#/applications', 'applications'],
      ['#/best-practices', 'practices'],
      ['#/publications', 'publications'],
      ['#/sync', 'sync'],
      ['#/settings', 'settings'],
    ] as const) {
      expect(parseRoute(hash)).toEqual({ area, view: 'page' });
    }
  });

  it('calls anything else unknown instead of guessing', () => {
    expect(parseRoute('#/nowhere')).toEqual({ area: 'unknown', view: 'page', path: '/nowhere' });
    expect(parseRoute('#/members/a/b')).toMatchObject({ area: 'unknown' });
    expect(parseRoute('#/settings/extra')).toMatchObject({ area: 'unknown' });
    expect(parseRoute('#/members/%E0%A4%A')).toMatchObject({ area: 'unknown' });
  });

  it('reads the dues page and the member whose invoices it shows', () => {
    expect(parseRoute('#/dues')).toEqual({ area: 'dues', view: 'page', member: null });
    expect(parseRoute('#/dues?member=org%201')).toEqual({ area: 'dues', view: 'page', member: 'org 1' });
  });

  it('reads the events list, an event and its door', () => {
    expect(parseRoute('#/events')).toEqual({ area: 'events', view: 'list' });
    expect(parseRoute('#/events/e1')).toEqual({ area: 'events', view: 'detail', id: 'e1' });
    expect(parseRoute('#/events/e1/door')).toEqual({ area: 'events', view: 'door', id: 'e1' });
    expect(parseRoute('#/events/e1/elsewhere')).toMatchObject({ area: 'unknown' });
    expect(hrefOf({ area: 'events', view: 'door', id: 'e 1' })).toBe('#/events/e%201/door');
  });

  it('decodes ids', () => {
    expect(parseRoute('#/members/a%2Fb')).toEqual({ area: 'members', view: 'detail', id: 'a/b' });
  });
});

describe('hrefOf', () => {
  it('gives back the route it was made from', () => {
    const routes: Route[] = [
      { area: 'members', view: 'list' },
      { area: 'members', view: 'new' },
      { area: 'members', view: 'detail', id: 'a/b c' },
      { area: 'contacts', view: 'list' },
      { area: 'contacts', view: 'new', organisationId: null },
      { area: 'contacts', view: 'new', organisationId: 'org 1' },
      { area: 'contacts', view: 'detail', id: 'p1' },
      { area: 'dues', view: 'page', member: null },
      { area: 'dues', view: 'page', member: 'org 1' },
      { area: 'committee', view: 'page' },
      { area: 'practices', view: 'page' },
      { area: 'settings', view: 'page' },
    ];
    for (const route of routes) expect(parseRoute(hrefOf(route))).toEqual(route);
  });

  it('writes the paths the app links to', () => {
    expect(paths.member('x')).toBe('#/members/x');
    expect(paths.newContact('o1')).toBe('#/contacts/new?organisation=o1');
    expect(paths.newContact()).toBe('#/contacts/new');
    expect(paths.area('practices')).toBe('#/best-practices');
  });
});
