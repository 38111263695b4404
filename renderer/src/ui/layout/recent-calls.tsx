/**
 * "Recent calls" in the sidebar: the last few calls from the call history (kept by the service), each
 * a button that calls back, and "All calls" to open the whole history.
 */
import { knownDisplayName } from '../../app/app-state.js';
import { callBackTarget, callKind, peerName, relativeTime } from '../../history/call-history-format.js';
import type { CallHistoryStore } from '../../history/call-history-store.js';
import { useNow } from '../call/use-now.js';
import { useCallHistory, useCallHistoryStore } from '../history/call-history-context.js';
import { Avatar } from '../shared/avatar.js';
import { useAppState, useAppStore } from '../shared/store-context.js';
import { useT } from '../../i18n/use-t.js';

const SHOWN = 4;

export function RecentCalls({ canCall }: { canCall: boolean }) {
  const store = useCallHistoryStore();
  return store ? <RecentCallList store={store} canCall={canCall} /> : null;
}

function RecentCallList({ store, canCall }: { store: CallHistoryStore; canCall: boolean }) {
  const t = useT();
  const snapshot = useCallHistory(store);
  const app = useAppStore();
  const state = useAppState();
  const now = useNow(true, 30_000);
  const entries = snapshot.entries.slice(0, SHOWN);
  return (
    <section className="panel sidebar-section" aria-labelledby="recent-calls-heading">
      <div className="sidebar-section-head">
        <h2 id="recent-calls-heading">{t('recent.heading')}</h2>
        <button type="button" className="link small-link" onClick={() => void store.open()}>
          {t('recent.all')}
        </button>
      </div>
      {entries.length === 0 ? (
        <p className="empty">{snapshot.status === 'loading' ? t('common.loading') : t('history.empty')}</p>
      ) : (
        <ul className="recent-calls" aria-label={t('recent.heading')}>
          {entries.map((entry) => {
            const name =
              entry.peer.displayName?.trim() ||
              (entry.peer.username ? knownDisplayName(state, entry.peer.username) : undefined) ||
              peerName(entry);
            return (
              <li key={entry.id}>
                <button
                  type="button"
                  className={`recent-call is-${entry.direction}`}
                  disabled={!canCall}
                  aria-label={t('recent.callBack', {
                    name,
                    kind: callKind(entry),
                    when: relativeTime(entry.startedAt, now),
                  })}
                  onClick={() => app.call(callBackTarget(entry))}
                >
                  <Avatar name={name} seed={entry.peer.username ?? entry.peer.uri} size="sm" />
                  <span className="recent-call-text">
                    <span className="recent-call-name">{name}</span>
                    <span className="recent-call-meta">
                      {callKind(entry)} · {relativeTime(entry.startedAt, now)}
                    </span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
