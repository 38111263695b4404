import { peerHandle } from '../../app/call-text.js';
import type { CallSnapshot } from '../../engine/phone-engine-contract.js';
import { Avatar } from '../shared/avatar.js';
import { Icon } from '../shared/icons.js';
import { useAppStore } from '../shared/store-context.js';
import { useT } from '../../i18n/use-t.js';

/**
 * The other live calls (on hold while you talk in the main one): each with Swap (hold the main call,
 * resume this one), Merge calls (a three-way call with the main one) and Hang up. A call merged with the
 * main one reads "In the call" (the main panel's Hang up ends both).
 */
export function OtherCalls({
  main,
  others,
  nameOf,
}: {
  main: CallSnapshot;
  others: readonly CallSnapshot[];
  nameOf: (call: CallSnapshot) => string;
}) {
  const t = useT();
  const store = useAppStore();
  return (
    <ul className="other-calls" aria-label={t('otherCalls.label')}>
      {others.map((call) => {
        const name = nameOf(call);
        const merged = call.conference !== undefined && call.conference === main.conference;
        const busy = call.holdPending || main.holdPending || call.state !== 'active';
        return (
          <li key={call.id} className="other-call">
            <Avatar name={name} seed={peerHandle(call.peer)} size="sm" />
            <span className="other-call-name">{name}</span>
            <span className="other-call-state">
              {merged
                ? t('otherCalls.inTheCall')
                : call.held
                  ? t('call.active.held')
                  : t('otherCalls.waiting')}
            </span>
            {!merged && (
              <>
                <button
                  type="button"
                  className="button"
                  disabled={busy}
                  onClick={() => void store.swap(main.id, call.id)}
                >
                  {t('otherCalls.swap')}
                </button>
                <button
                  type="button"
                  className="button"
                  disabled={busy || main.state !== 'active'}
                  onClick={() => void store.merge(main.id, call.id)}
                >
                  {t('otherCalls.merge')}
                </button>
              </>
            )}
            <button
              type="button"
              className="button danger"
              aria-label={t('otherCalls.hangUp', { name })}
              onClick={() => void store.hangup(call.id)}
            >
              <Icon name="hangup" size={16} />
            </button>
          </li>
        );
      })}
    </ul>
  );
}
