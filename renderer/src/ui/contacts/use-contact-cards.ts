/**
 * The address book's cards for the UI: loaded when the panel mounts and again whenever the people on
 * the older contact list change (a person added or removed from the directory is a card too). Live
 * presence comes from that list, which the event stream keeps current, so a presence change costs no
 * request. Import and the other writes reload both lists.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
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
  const people = legacyContacts.map((e) => e.username).join(' ');
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
  }, [load, people]);

  const reload = useCallback(async () => {
    await Promise.all([load(), store.refreshContacts()]);
  }, [load, store]);

  const live = useMemo(() => new Map(legacyContacts.map((e) => [e.username, e])), [legacyContacts]);
  const cards = useMemo(
    () =>
      state.cards.map((card) => {
        const entry = card.username === undefined ? undefined : live.get(card.username);
        return entry
          ? { ...card, presence: entry.presence, ...(entry.status ? { status: entry.status } : {}) }
          : card;
      }),
    [state.cards, live],
  );

  return { ...state, cards, reload };
}
