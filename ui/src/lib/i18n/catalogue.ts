// Owns the pairing of the two catalogues and the type of a message key: French must define
// exactly the keys English defines (the compiler checks it here, a test checks it at run time).
import { en } from './en';
import { fr } from './fr';
import type { Language } from './translate';

export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, string>;

/** A key with `.one` and `.other` forms, named without the suffix. */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer Base}.one` ? Base : never) : never;

export const catalogues: Record<Language, Catalogue> = { en, fr };
