/**
 * The address book's cards for the UI: loaded when the panel mounts and again whenever the older
 * contact list changes (a person added or removed from the directory is a card too). Import and the
 * other writes reload both lists.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ContactCard } from '../../../../common/contact-types.js';
import { errorMessage } from '../../app/api-error.js';
import { useAppState, useAppStore } from '../shared/store-context.js';

export interface ContactCardsState {
  readonly cards: readonly ContactCard[];
  readonly status: 'loading' | 'ready' | 'error';
  readonly error?: string;
  /** Loads the cards again (and the older contact list, which shows the same Parley users). */
  reload(): Promise<void>;
}

export function useContactCards(): ContactCardsState {
  const store = useAppStore();
  const legacyContacts = useAppState().contacts.entries;
  const [state, setState] = useState<Omit<ContactCardsState, 'reload'>>({ cards: [], status: 'loading' });

  const load = useCallback(async () => {
    try {
      const cards = await store.contactCards.list();
      setState({ cards, status: 'ready' });
    } catch (error) {
      setState((s) => ({ ...s, status: 'error', error: errorMessage(error) }));
    }
  }, [store]);

  useEffect(() => {
    void load();
  }, [load, legacyContacts]);

  const reload = useCallback(async () => {
    await Promise.all([load(), store.refreshContacts()]);
  }, [load, store]);

  return { ...state, reload };
}
