/**
 * Fails when a string in the UI is not in the catalogues (issue 16): scans every renderer/src/ui/**.tsx
 * for words in JSX text and in the attributes people read or hear. The first tests prove the scanner
 * catches what it must (a new `<button>Delete</button>` included).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findUntranslatedText } from '../../../support/i18n/untranslated-text.js';

const UI_ROOT = path.resolve('renderer/src/ui');

function tsxFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsxFiles(full);
    return entry.name.endsWith('.tsx') ? [full] : [];
  });
}

const scan = (source: string) => findUntranslatedText('x.tsx', source).map((f) => f.text);

describe('the untranslated-text scanner', () => {
  it('catches a new <button>Delete</button> and words in read attributes', () => {
    expect(scan('export const A = () => <button type="button">Delete</button>;')).toEqual(['Delete']);
    expect(scan('export const A = () => <input aria-label="Search users" placeholder="Name" />;')).toEqual([
      'Search users',
      'Name',
    ]);
    expect(scan('export const A = ({ n }: { n: string }) => <img alt={`Photo of ${n}`} />;')).toEqual([
      'Photo of',
    ]);
    expect(scan("export const A = ({ b }: { b: boolean }) => <p>{b ? 'Saving…' : 'Save'}</p>;")).toEqual([
      'Saving…',
      'Save',
    ]);
    expect(scan("export const A = () => <Field label={'Email'} />;")).toEqual(['Email']);
  });

  it('lets through translated text, class names, symbols and the allow-list', () => {
    const source = `export const A = ({ t }: { t: (id: string) => string }) => (
      <div className="voicemail-row is-new" data-x="Words">
        <button aria-label={t('common.delete')} title={t('common.delete')}>{t('common.delete')}</button>
        <span aria-hidden="true"> · </span><span className="brand">Parley</span>
        <kbd>Ctrl</kbd> + <kbd>K</kbd> <kbd>?</kbd> {'\\u00a0'} {42}
      </div>
    );`;
    expect(scan(source)).toEqual([]);
  });
});

describe('renderer/src/ui', () => {
  it('has no text outside the catalogues', () => {
    const files = tsxFiles(UI_ROOT);
    expect(files.length).toBeGreaterThan(50);
    const findings = files.flatMap((file) =>
      findUntranslatedText(path.relative(process.cwd(), file), fs.readFileSync(file, 'utf8')),
    );
    expect(findings.map((f) => `${f.file}:${f.line}: ${f.text}`)).toEqual([]);
  });
});
