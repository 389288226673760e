import { describe, expect, it } from 'vitest';
import type { MapMember } from '../../lib/api';
import { duesBars, niceCeiling } from './chart';
import { findMembers } from './find';
import { europeProjection } from './map';

const member = (id: string, name: string): MapMember => ({
  id,
  name,
  country: 'PT',
  category: 'full',
  status: 'active',
  latitude: 0,
  longitude: 0,
  placed: 'city',
  city: null,
});

describe('the dues chart', () => {
  it('tops its axis at a round figure', () => {
    expect(niceCeiling(123_400)).toBe(200_000);
    expect(niceCeiling(500_000)).toBe(500_000);
    expect(niceCeiling(0)).toBe(1);
  });

  it('draws collected against expected on one scale, per year', () => {
    const frame = { width: 400, height: 220, left: 80, bottom: 20, top: 0 };
    const { bars, top } = duesBars(
      [
        { year: 2026, expected_cents: 100_000, collected_cents: 100_000 },
        { year: 2027, expected_cents: 200_000, collected_cents: 50_000 },
      ],
      frame,
    );
    expect(top).toBe(200_000);
    expect(bars[1].expected.height).toBe(200);
    expect(bars[1].collected.height).toBe(50);
    expect(bars[0].expected.height).toBe(100);
    expect(bars[1].percent).toBe(25);
    expect(bars[0].expected.x).toBeLessThan(bars[1].expected.x);
    // Bars stand on the axis.
    expect(bars[1].collected.y + bars[1].collected.height).toBe(200);
  });
});

describe('the map of Europe', () => {
  it('puts Lisbon west of Helsinki and Valletta south of Oslo, inside the frame', () => {
    const projection = europeProjection(720, 600);
    const lisbon = projection([-9.14, 38.72])!;
    const helsinki = projection([24.94, 60.17])!;
    const valletta = projection([14.51, 35.9])!;
    const oslo = projection([10.75, 59.91])!;
    expect(lisbon[0]).toBeLessThan(helsinki[0]);
    expect(valletta[1]).toBeGreaterThan(oslo[1]);
    for (const [x, y] of [lisbon, helsinki, valletta, oslo]) {
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(720);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(600);
    }
  });

  it('finds members by the start of any word, accents ignored', () => {
    const members = [member('1', 'Constanța County'), member('2', 'Porto'), member('3', 'Kulturhaus Europa')];
    expect(findMembers(members, 'consta').map((m) => m.id)).toEqual(['1']);
    expect(findMembers(members, 'EUROPA').map((m) => m.id)).toEqual(['3']);
    expect(findMembers(members, 'county constanta').map((m) => m.id)).toEqual(['1']);
    expect(findMembers(members, '')).toEqual([]);
  });
});
