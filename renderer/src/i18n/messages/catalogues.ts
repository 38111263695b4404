/** The catalogues by language. English defines the message ids; the others are typed as complete. */
import type { Locale } from '../locales.js';
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import type { Catalogue } from './catalogue-type.js';

export type { Catalogue, MessageId } from './catalogue-type.js';

/** ICU arguments: strings, numbers and dates (rich text is not used). */
export type MessageValues = Record<string, string | number | Date | boolean | null | undefined>;

export const CATALOGUES: Readonly<Record<Locale, Catalogue>> = { en, de, es };
