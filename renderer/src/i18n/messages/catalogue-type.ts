/** The shape every catalogue has: English (./en.ts) defines the message ids, the others fill them all. */
import type { en } from './en.js';

export type MessageId = keyof typeof en;
/** A translation: every English id, no others. */
export type Catalogue = Readonly<Record<MessageId, string>>;
