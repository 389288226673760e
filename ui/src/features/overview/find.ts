// Owns finding members on the map by name: accent- and case-insensitive, words matched as
// prefixes, the names starting with the query first.
import type { MapMember } from '../../lib/api';

export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();
}

export function findMembers(members: MapMember[], query: string): MapMember[] {
  const words = fold(query).split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return [];
  const hits = members.filter((member) => {
    const nameWords = fold(member.name).split(/[\s\-'’,.]+/);
    return words.every((word) => nameWords.some((w) => w.startsWith(word)));
  });
  const first = fold(query);
  return hits.sort((a, b) => Number(!fold(a.name).startsWith(first)) - Number(!fold(b.name).startsWith(first)) || a.name.localeCompare(b.name));
}
