/**
 * The two-pane layout's main pane: ringing calls as cards on top (they never replace an open chat),
 * the call in progress, then the open conversation; with neither, a quiet start page. The voicemail
 * list, call history and settings open as dialogs placed over this pane (layout.css).
 */
import type { CallSnapshot } from '../../engine/phone-engine-contract.js';
import { OpenConversation, useChat } from '../main/messages-panel.js';
import { Icon } from '../shared/icons.js';
import { CallStage } from './call-stage.js';
import { useT } from '../../i18n/use-t.js';

export function MainPane({
  ringing,
  main,
  others,
  nameOf,
  onShortcuts,
}: {
  ringing: readonly CallSnapshot[];
  main: CallSnapshot | undefined;
  others: readonly CallSnapshot[];
  nameOf: (call: CallSnapshot) => string;
  onShortcuts: () => void;
}) {
  const t = useT();
  const chat = useChat();
  const idle = ringing.length === 0 && main === undefined && chat.activePeer === undefined;
  return (
    <main className="main-pane">
      <div className="main-pane-inner">
        <CallStage ringing={ringing} main={main} others={others} nameOf={nameOf} />
        <OpenConversation />
        {idle && (
          <section className="start-page" aria-labelledby="start-heading">
            <div className="start-mark" aria-hidden="true">
              <Icon name="phone" size={30} />
            </div>
            <h2 id="start-heading">{t('start.heading')}</h2>
            <p>{t('start.hint')}</p>
            <p className="start-keys">
              <kbd>Ctrl</kbd> + <kbd>K</kbd> {t('start.search')} · <kbd>?</kbd>{' '}
              <button type="button" className="link" aria-haspopup="dialog" onClick={onShortcuts}>
                {t('start.allShortcuts')}
              </button>
            </p>
          </section>
        )}
      </div>
    </main>
  );
}
