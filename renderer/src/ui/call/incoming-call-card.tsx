import { useEffect, useRef } from 'react';
import { peerHandle } from '../../app/call-text.js';
import type { CallSnapshot } from '../../engine/phone-engine-contract.js';
import { Avatar } from '../shared/avatar.js';
import { Icon } from '../shared/icons.js';
import { useAppStore } from '../shared/store-context.js';
import { isBusyTyping } from '../keyboard/shortcut-keys.js';
import { useT } from '../../i18n/use-t.js';

/**
 * "NAME is calling" with Answer / Decline; Answer takes the focus (unless you are typing) so Enter or
 * Space answers. While you
 * are in another call (call waiting) the card is quieter and Answer reads "Answer and hold": the
 * current call goes on hold first.
 */
export function IncomingCallCard({
  call,
  name,
  focus,
  waiting = false,
}: {
  call: CallSnapshot;
  name: string;
  focus: boolean;
  /** Another call is in progress. */
  waiting?: boolean;
}) {
  const t = useT();
  const store = useAppStore();
  const answer = useRef<HTMLButtonElement>(null);
  const handle = peerHandle(call.peer);

  // Answer takes the focus, unless the user is typing (a chat message, a search): the call must not
  // steal their keystrokes; they answer with a click or Ctrl+Shift+A.
  useEffect(() => {
    if (focus && !isBusyTyping(document.activeElement)) answer.current?.focus();
  }, [focus]);

  return (
    <section className={`incoming-card${waiting ? ' waiting' : ''}`} aria-labelledby={`incoming-${call.id}`}>
      <div className="pulse-ring">
        <Avatar name={name} seed={handle} size="lg" />
      </div>
      <h2 id={`incoming-${call.id}`} className="incoming-title">
        {t('call.state.incoming', { name })}
      </h2>
      {name !== handle && <p className="incoming-handle">{handle}</p>}
      <div className="call-actions">
        <button type="button" className="round-button decline" onClick={() => void store.decline(call.id)}>
          <Icon name="hangup" size={26} />
          <span>{t('call.decline')}</span>
        </button>
        <button
          ref={answer}
          type="button"
          data-takes-focus={focus ? 'answer' : undefined}
          className="round-button answer"
          onClick={() => void store.answer(call.id)}
        >
          <Icon name="phone" size={26} />
          <span>{waiting ? t('call.answerAndHold') : t('call.answer')}</span>
        </button>
      </div>
    </section>
  );
}
