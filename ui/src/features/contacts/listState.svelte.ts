// Owns the contacts list's state across visits: search, filter, order, selection and scroll
// position survive opening a contact and coming back.
import type { PersonSort } from '../../lib/api';

export const contactsList = $state({
  search: '',
  country: '',
  sort: 'last_name' as PersonSort,
  descending: false,
  selected: 0,
  scrollTop: 0,
});
