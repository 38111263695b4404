import { useEffect, useRef, useState, type Ref } from 'react';
import { Icon } from '../shared/icons.js';
import { useAppState, useAppStore } from '../shared/store-context.js';
import { UserRow } from './user-row.js';
import { useT } from '../../i18n/use-t.js';

export const SEARCH_DEBOUNCE_MS = 250;

/** `inputRef`: the search field, for the Ctrl+K shortcut. */
export function DirectorySearch({
  canCall,
  inputRef,
}: {
  canCall: boolean;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const t = useT();
  const store = useAppStore();
  const { directory } = useAppState();
  const [query, setQuery] = useState(directory.query);
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => void store.search(query), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [store, query]);

  const settled = directory.status === 'ready' && directory.query === query.trim();
  const count = directory.entries.length;
  // Said once the search settles, from a region that is always there (so it is reliably announced).
  const resultText =
    settled && query.trim()
      ? count > 0
        ? t('directory.found', { count })
        : t('directory.noMatch', { query: query.trim() })
      : '';
  return (
    <section className="panel" aria-labelledby="directory-heading">
      <h2 id="directory-heading">{t('directory.heading')}</h2>
      <div className="search-box">
        <Icon name="search" size={18} />
        <input
          ref={inputRef}
          type="search"
          aria-label={t('directory.searchLabel')}
          aria-keyshortcuts="Control+K Meta+K"
          placeholder={t('directory.placeholder')}
          autoCapitalize="none"
          spellCheck={false}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void store.search(query);
          }}
        />
      </div>
      <p className="visually-hidden" role="status">
        {resultText}
      </p>
      {directory.status === 'error' && (
        <p className="inline-error" role="alert">
          {directory.error}
        </p>
      )}
      {directory.entries.length > 0 ? (
        <ul
          className="user-list"
          aria-label={t('directory.results')}
          aria-busy={directory.status === 'loading'}
        >
          {directory.entries.map((user) => (
            <UserRow key={user.username} user={user} canCall={canCall} />
          ))}
        </ul>
      ) : (
        settled && (
          <p className="empty">
            {query.trim() ? t('directory.noMatchSpelling', { query: query.trim() }) : t('directory.noUsers')}
          </p>
        )
      )}
    </section>
  );
}
