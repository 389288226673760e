import { describe, expect, it } from 'vitest';
import type { Review } from '../../lib/api';
import {
  actingSeat,
  applicationInputOf,
  conflictMessage,
  emptyApplicationForm,
  fileSize,
  localMoment,
  matching,
  missingForSubmit,
  reviewFormOf,
  reviewInputOf,
  withAttachment,
} from './applications';

const messages = { name: 'name!', lastName: 'last!', country: 'country!', population: 'population!' };

describe('the application form', () => {
  it('names every missing field before asking the backend', () => {
    const result = applicationInputOf(emptyApplicationForm('2026-11-25'), messages);
    expect(result).toEqual({ errors: { organisation_name: 'name!', contact_last_name: 'last!', country: 'country!' } });
  });

  it('reads a population written with separators and refuses words', () => {
    const form = { ...emptyApplicationForm('2026-11-25'), organisation_name: ' Tartu ', contact_last_name: 'Tamm', country: 'EE' };
    const ok = applicationInputOf({ ...form, population: '97 000' }, messages);
    expect('input' in ok && ok.input.population).toBe(97000);
    expect('input' in ok && ok.input.organisation_name).toBe('Tartu');
    expect(applicationInputOf({ ...form, population: 'many' }, messages)).toEqual({ errors: { population: 'population!' } });
  });

  it('keeps one copy of a file attached twice', () => {
    const file = { name: 'a.pdf', size: 10, sha256: 'f'.repeat(64) };
    expect(withAttachment(withAttachment([], file), { ...file, name: 'copy of a.pdf' })).toEqual([file]);
  });

  it('writes file sizes for people', () => {
    expect(fileSize(512)).toBe('512 B');
    expect(fileSize(1536)).toBe('1.5 KB');
    expect(fileSize(25 * 1024 * 1024)).toBe('25 MB');
  });
});

describe('the review form', () => {
  const criteria = ['European dimension', 'Capacity to take part'];
  const review: Review = {
    id: 'r1',
    application_id: 'a1',
    seat_id: 's1',
    reviewer: 'ana',
    reviewer_name: 'Ana',
    scores: [{ criterion: 'European dimension', score: 4 }],
    recommendation: null,
    comment: 'draft',
    status: 'draft',
    submitted_at: null,
  };

  it('starts from the draft and says what a submit still lacks', () => {
    const form = reviewFormOf(criteria, review);
    expect(form.scores).toEqual({ 'European dimension': 4, 'Capacity to take part': null });
    expect(missingForSubmit(form)).toEqual({ criteria: ['Capacity to take part'], recommendation: true });
    form.scores['Capacity to take part'] = 3;
    form.recommendation = 'approve';
    expect(missingForSubmit(form)).toEqual({ criteria: [], recommendation: false });
    expect(reviewInputOf(form).scores).toEqual([
      { criterion: 'European dimension', score: 4 },
      { criterion: 'Capacity to take part', score: 3 },
    ]);
  });
});

describe('who reviews on this laptop', () => {
  it('is the signed-in account seat, locked, or else the seat picked', () => {
    expect(actingSeat({ username: 'ana', seat_id: 's-ana' }, 's-other')).toEqual({ seat: 's-ana', locked: true });
    expect(actingSeat({ username: 'office', seat_id: null }, 's-other')).toEqual({ seat: 's-other', locked: false });
    expect(actingSeat(null, null)).toEqual({ seat: null, locked: false });
  });

  it('words each conflict rule with its detail', () => {
    expect(conflictMessage({ rule: 'same_country', country: 'PT' })).toEqual({ key: 'applications.conflict.same_country', params: { country: 'PT' } });
    expect(conflictMessage({ rule: 'declared', reason: 'advisor' }).params.reason).toBe('advisor');
  });
});

describe('the list search', () => {
  it('matches every typed word, without accents or case', () => {
    const rows = [
      { organisation_name: 'Besançon', country: 'FR' },
      { organisation_name: 'Tartu', country: 'EE' },
    ];
    expect(matching(rows, 'besancon').map((r) => r.organisation_name)).toEqual(['Besançon']);
    expect(matching(rows, 'tartu ee')).toHaveLength(1);
    expect(matching(rows, '  ')).toHaveLength(2);
    expect(matching(rows, 'porto')).toEqual([]);
  });
});

describe('timeline moments', () => {
  it('keep a date and show a time in local time', () => {
    expect(localMoment('2026-11-25')).toBe('2026-11-25');
    const at = new Date(2026, 10, 25, 9, 5);
    expect(localMoment(at.toISOString())).toBe('2026-11-25 09:05');
    expect(localMoment('not a time at all')).toBe('not a time at all');
  });
});
