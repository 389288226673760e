// Owns the English messages: the reference catalogue whose keys every other language mirrors,
// gathered from one file per area of the app (en/).
import { enCommon } from './en/common';
import { enMembers } from './en/members';
import { enEvents } from './en/events';
import { enReview } from './en/review';
import { enKnowledge } from './en/knowledge';
import { enSync } from './en/sync';

export const en = { ...enCommon, ...enMembers, ...enEvents, ...enReview, ...enKnowledge, ...enSync } as const;
