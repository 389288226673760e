// Owns the translated labels of enum values (kinds, categories, statuses, roles): the template
// key types make the compiler insist that every value has a message.
import type { MembershipCategory, MembershipStatus, OrganisationKind, PersonRole } from './api';
import { t } from './i18n';

export const kindLabel = (kind: OrganisationKind): string => t(`kind.${kind}`);
export const categoryLabel = (category: MembershipCategory): string => t(`category.${category}`);
export const statusLabel = (status: MembershipStatus): string => t(`status.${status}`);
export const roleLabel = (role: PersonRole): string => t(`role.${role}`);
