/**
 * Choosing the language (navigator.languages, then the user's choice kept in localStorage), switching it
 * live, and what the React-free app layer writes in it: prices, error codes, call states.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, errorMessage } from '../../../../renderer/src/app/api-error.js';
import { endReasonText, registrationText } from '../../../../renderer/src/app/call-text.js';
import { chargesText } from '../../../../renderer/src/app/pstn-client.js';
import { formatPrice, formatWhen, spokenSeconds } from '../../../../renderer/src/i18n/format.js';
import { createLocaleStore, installLocaleStore, t } from '../../../../renderer/src/i18n/i18n.js';
import { LOCALE_STORAGE_KEY, negotiateLocale } from '../../../../renderer/src/i18n/locales.js';
import type { CallSnapshot } from '../../../../renderer/src/engine/phone-engine-contract.js';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    removeItem: (key: string) => void data.delete(key),
  };
}

afterEach(() => installLocaleStore(createLocaleStore()));

describe('negotiateLocale', () => {
  it('takes the first preferred language Parley speaks, by primary subtag, else English', () => {
    expect(negotiateLocale(['de-AT', 'en-US'])).toBe('de');
    expect(negotiateLocale(['fr-FR', 'es-MX', 'de'])).toBe('es');
    expect(negotiateLocale(['fr', 'it'])).toBe('en');
    expect(negotiateLocale([])).toBe('en');
    expect(negotiateLocale(undefined)).toBe('en');
  });
});

describe('createLocaleStore', () => {
  it('follows the system until the user chooses; the choice is kept and applies at once', () => {
    const storage = memoryStorage();
    const store = createLocaleStore({ storage, preferred: ['de-DE'] });
    expect(store.getLocale()).toBe('de');
    expect(store.getChoice()).toBeUndefined();
    let changes = 0;
    store.subscribe(() => changes++);

    store.setLocale('es');
    expect(store.getLocale()).toBe('es');
    expect(storage.data.get(LOCALE_STORAGE_KEY)).toBe('es');
    expect(store.getIntl().formatMessage({ id: 'call.hangUp' })).toBe('Colgar');
    expect(changes).toBe(1);

    // A new page (a reload) starts in the chosen language, whatever the system says.
    expect(createLocaleStore({ storage, preferred: ['de-DE'] }).getLocale()).toBe('es');

    store.setLocale(undefined);
    expect(store.getLocale()).toBe('de');
    expect(storage.data.has(LOCALE_STORAGE_KEY)).toBe(false);
    expect(changes).toBe(2);
  });

  it('ignores a stored value that is not a language of Parley', () => {
    const storage = memoryStorage({ [LOCALE_STORAGE_KEY]: 'klingon' });
    expect(createLocaleStore({ storage, preferred: ['es'] }).getLocale()).toBe('es');
  });
});

describe('the app layer in the current language', () => {
  it('formats prices, rates, lengths and dates for de-DE', () => {
    installLocaleStore(createLocaleStore({ preferred: ['de-DE'] }));
    expect(formatPrice('0.02', 'EUR')).toBe('0,02\u00a0€');
    expect(formatPrice('0.0125', 'EUR')).toBe('0,0125\u00a0€');
    expect(
      chargesText({
        allowed: true,
        e164: '+442079460018',
        destination: 'Vereinigtes Königreich – London',
        ratePerMinute: '0.02',
        currency: 'EUR',
      } as Parameters<typeof chargesText>[0]),
    ).toBe('Es können Kosten anfallen: Vereinigtes Königreich – London, 0,02\u00a0€/Min.');
    expect(spokenSeconds(65)).toBe('1 Minute 5 Sekunden');
    const now = new Date(2026, 2, 10, 15, 0).getTime();
    expect(formatWhen(new Date(2026, 2, 10, 9, 5).getTime(), now)).toBe('Heute 09:05');
    expect(formatWhen(new Date(2026, 2, 9, 22, 30).getTime(), now)).toBe('Gestern 22:30');
  });

  it('formats prices for en and es too', () => {
    installLocaleStore(createLocaleStore({ preferred: ['en-US'] }));
    expect(formatPrice('0.02', 'EUR')).toBe('€0.02');
    installLocaleStore(createLocaleStore({ preferred: ['es-ES'] }));
    expect(formatPrice('0.02', 'EUR')).toBe('0,02\u00a0€');
    expect(spokenSeconds(1)).toBe('1 segundo');
  });

  it('translates service errors by code, and keeps the service words for codes it does not know', () => {
    installLocaleStore(createLocaleStore({ preferred: ['de'] }));
    expect(errorMessage(new ApiError('username_taken', 'This username is taken.', 409))).toBe(
      'Dieser Benutzername ist vergeben.',
    );
    expect(errorMessage(new ApiError('new_code', 'Something new happened.', 400))).toBe(
      'Something new happened.',
    );
    expect(errorMessage('not an error')).toBe(t('error.unknown'));
  });

  it('says why a call ended in the current language, with ICU arguments', () => {
    installLocaleStore(createLocaleStore({ preferred: ['es'] }));
    const call = {
      id: 'c1',
      direction: 'outgoing',
      state: 'ended',
      endReason: 'busy',
      peer: { uri: 'sip:bob@parley.test', username: 'bob' },
      createdAt: 0,
    } as unknown as CallSnapshot;
    expect(endReasonText(call)).toBe('bob está en otra llamada. Inténtalo más tarde.');
  });

  it('words the engine registration errors in the current language', () => {
    installLocaleStore(createLocaleStore({ preferred: ['de'] }));
    expect(registrationText({ state: 'failed', error: 'Wrong username or password' })).toEqual({
      label: 'Nicht verbunden',
      hint: 'Falscher Benutzername oder falsches Passwort. Prüfen Sie Ihre Verbindung und wählen Sie dann „Neu verbinden“.',
      tone: 'problem',
    });
  });
});
