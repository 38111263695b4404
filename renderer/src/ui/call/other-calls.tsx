import { peerHandle } from '../../app/call-text.js';
import type { CallSnapshot } from '../../engine/phone-engine-contract.js';
import { Avatar } from '../shared/avatar.js';
import { Icon } from '../shared/icons.js';
import { useAppStore } from '../shared/store-context.js';

/**
 * The other live calls (on hold while you talk in the main one): each with Swap (hold the main call,
 * resume this one) and Hang up.
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
  const store = useAppStore();
  return (
    <ul className="other-calls" aria-label="Calls on hold">
      {others.map((call) => {
        const name = nameOf(call);
        return (
          <li key={call.id} className="other-call">
            <Avatar name={name} seed={peerHandle(call.peer)} size="sm" />
            <span className="other-call-name">{name}</span>
            <span className="other-call-state">{call.held ? 'On hold' : 'Waiting'}</span>
            <button
              type="button"
              className="button"
              disabled={call.holdPending || main.holdPending || call.state !== 'active'}
              onClick={() => void store.swap(main.id, call.id)}
            >
              Swap
            </button>
            <button
              type="button"
              className="button danger"
              aria-label={`Hang up ${name}`}
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
