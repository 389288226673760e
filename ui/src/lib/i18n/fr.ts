// Owns the French messages, gathered from one file per area (fr/), each typed against its English
// file; French spacing uses no-break spaces (\u00a0) before : and inside « ».
import type { Catalogue } from './catalogue';
import { frCommon } from './fr/common';
import { frMembers } from './fr/members';
import { frEvents } from './fr/events';
import { frReview } from './fr/review';
import { frKnowledge } from './fr/knowledge';
import { frSync } from './fr/sync';

export const fr: Catalogue = { ...frCommon, ...frMembers, ...frEvents, ...frReview, ...frKnowledge, ...frSync };
