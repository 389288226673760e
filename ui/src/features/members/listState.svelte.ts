// Owns the members list's state across visits: search, filters, order, selection and scroll
// position survive opening a member and coming back.
import type { MembershipCategory, MembershipStatus, OrganisationSort } from '../../lib/api';

export const membersList = $state({
  search: '',
  country: '',
  category: '' as MembershipCategory | '',
  status: '' as MembershipStatus | '',
  sort: 'name' as OrganisationSort,
  descending: false,
  selected: 0,
  scrollTop: 0,
});
