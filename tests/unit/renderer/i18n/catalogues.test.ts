/**
 * The catalogues (renderer/src/i18n/messages/): the same ids in en, de and es, every message valid ICU
 * with the same arguments in every language, every id the source uses present, and no id left unused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createIntl } from '@formatjs/intl';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { CATALOGUES } from '../../../../renderer/src/i18n/messages/catalogues.js';
import { LOCALES } from '../../../../renderer/src/i18n/locales.js';

const en = CATALOGUES.en;
const ids = Object.keys(en).sort();

/** The argument names of a message, with nested plural/select branches. */
function argumentsOf(elements: readonly MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound || element.type === TYPE.tag) continue;
    into.add(element.value);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      for (const option of Object.values(element.options)) argumentsOf(option.value, into);
    }
  }
  return into;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'messages' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Every quoted string in renderer/src that looks like a message id of a known area (`'call.hangUp'`). */
function idsInSource(): Map<string, string> {
  const areas = new Set(ids.map((id) => id.split('.')[0]));
  const found = new Map<string, string>();
  for (const file of sourceFiles(path.resolve('renderer/src'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(/'([a-z][a-zA-Z]*(?:\.[a-zA-Z_0-9]+)+)'/g)) {
      const id = match[1]!;
      if (areas.has(id.split('.')[0]!)) found.set(id, path.relative(process.cwd(), file));
    }
  }
  return found;
}

describe('message catalogues', () => {
  it('has the same ids in every language', () => {
    for (const locale of LOCALES) expect(Object.keys(CATALOGUES[locale]).sort(), locale).toEqual(ids);
  });

  it('parses every message as ICU, with the same arguments in every language', () => {
    const problems: string[] = [];
    for (const id of ids) {
      const expected = [...argumentsOf(parse(en[id as keyof typeof en]))].sort();
      for (const locale of LOCALES) {
        const message = CATALOGUES[locale][id as keyof typeof en];
        let args: string[];
        try {
          args = [...argumentsOf(parse(message))].sort();
        } catch (error) {
          problems.push(`${locale} ${id}: ${String(error)}`);
          continue;
        }
        if (args.join() !== expected.join()) problems.push(`${locale} ${id}: {${args}} ≠ en {${expected}}`);
        if (locale !== 'en' && message.trim() === '') problems.push(`${locale} ${id}: empty`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('formats every message in every language without an error', () => {
    for (const locale of LOCALES) {
      const errors: string[] = [];
      const intl = createIntl({
        locale,
        messages: CATALOGUES[locale],
        onError: (error) => errors.push(`${locale}: ${error.message}`),
      });
      for (const id of ids) {
        const values = Object.fromEntries(
          [...argumentsOf(parse(en[id as keyof typeof en]))].map((name) => [name, 2]),
        );
        expect(intl.formatMessage({ id }, values)).not.toBe('');
      }
      expect(errors).toEqual([]);
    }
  });

  it('knows every message id the source uses', () => {
    const missing = [...idsInSource()].filter(([id]) => !(id in en)).map(([id, file]) => `${file}: ${id}`);
    expect(missing).toEqual([]);
  });

  it('keeps no message nobody uses (service error codes are looked up by code)', () => {
    const used = idsInSource();
    const unused = ids.filter((id) => !used.has(id) && !id.startsWith('error.'));
    expect(unused).toEqual([]);
  });
});
