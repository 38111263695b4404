import { useEffect, useState } from 'react';
import type { CallSnapshot } from '../../engine/phone-engine-contract.js';
import { Icon } from '../shared/icons.js';
import { useAppStore } from '../shared/store-context.js';
import { RecordButton } from './record-button.js';
import { useT } from '../../i18n/use-t.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
const LETTERS: Record<string, string> = {
  '2': 'ABC',
  '3': 'DEF',
  '4': 'GHI',
  '5': 'JKL',
  '6': 'MNO',
  '7': 'PQRS',
  '8': 'TUV',
  '9': 'WXYZ',
  '0': '+',
};

/** A transfer's progress as the person who transfers sees it (RFC 3515 NOTIFY sipfrag). */
function transferText(transfer: NonNullable<CallSnapshot['transfer']>, t: ReturnType<typeof useT>): string {
  switch (transfer.state) {
    case 'trying':
      return t('transfer.trying', { target: transfer.target });
    case 'ringing':
      return t('transfer.ringing', { target: transfer.target });
    case 'done':
      return t('transfer.done', { target: transfer.target });
    case 'failed':
      return transfer.detail
        ? t('transfer.failedDetail', { target: transfer.target, detail: transfer.detail })
        : t('transfer.failed', { target: transfer.target });
  }
}

/** Whether a key press belongs to a text field (then digits are text, not tones). */
function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The controls of a live call beside Mute and Hang up: Hold/Resume, the Keypad (also from the
 * keyboard's digit keys while no text field has the focus), Transfer (blind "Transfer now" or attended
 * "Consult" then "Complete transfer") and Verify call.
 */
export function CallControls({ call }: { call: CallSnapshot }) {
  const t = useT();
  const store = useAppStore();
  const [keypad, setKeypad] = useState(false);
  const [verify, setVerify] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const [target, setTarget] = useState('');
  const [typed, setTyped] = useState('');
  const active = call.state === 'active';

  const press = (tone: string): void => {
    setTyped((typedSoFar) => (typedSoFar + tone).slice(-24));
    void store.sendDtmf(call.id, tone);
  };

  // Digits typed anywhere but in a text field go to the call as tones.
  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent): void => {
      if (event.ctrlKey || event.metaKey || event.altKey || typingInField(event.target)) return;
      if (!/^[0-9*#]$/.test(event.key)) return;
      event.preventDefault();
      setKeypad(true);
      setTyped((typedSoFar) => (typedSoFar + event.key).slice(-24));
      void store.sendDtmf(call.id, event.key);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, call.id, store]);

  return (
    <>
      <div className="call-actions secondary">
        <button
          type="button"
          className={`round-button small hold ${call.held ? 'on' : ''}`}
          disabled={!active || call.holdPending}
          onClick={() => void store.setHeld(call.id, !call.held)}
        >
          <Icon name={call.held ? 'play' : 'pause'} size={22} />
          <span>{call.held ? t('call.resume') : t('call.hold')}</span>
        </button>
        <button
          type="button"
          className={`round-button small ${keypad ? 'on' : ''}`}
          aria-expanded={keypad}
          aria-controls={`keypad-${call.id}`}
          disabled={!active}
          onClick={() => setKeypad((k) => !k)}
        >
          <Icon name="dialpad" size={22} />
          <span>{t('call.keypad')}</span>
        </button>
        <button
          type="button"
          className={`round-button small ${transferring ? 'on' : ''}`}
          aria-expanded={transferring}
          aria-controls={`transfer-${call.id}`}
          disabled={!active}
          onClick={() => setTransferring((open) => !open)}
        >
          <Icon name="transfer" size={22} />
          <span>{t('call.transfer')}</span>
        </button>
        <button
          type="button"
          className={`round-button small ${verify ? 'on' : ''}`}
          aria-expanded={verify}
          aria-controls={`verify-${call.id}`}
          disabled={!active}
          onClick={() => setVerify((v) => !v)}
        >
          <Icon name="shield" size={22} />
          <span>{t('call.verify')}</span>
        </button>
        <RecordButton call={call} />
      </div>
      {call.consultFor !== undefined && active && (
        <div className="transfer-complete">
          <button
            type="button"
            className="button primary"
            onClick={() => void store.completeTransfer(call.id)}
          >
            {t('transfer.complete')}
          </button>
        </div>
      )}
      {call.transfer && (
        <p className={`transfer-status ${call.transfer.state}`}>{transferText(call.transfer, t)}</p>
      )}
      {transferring && active && (
        <form
          className="transfer-form"
          id={`transfer-${call.id}`}
          aria-label={t('call.transfer')}
          onSubmit={(event) => {
            event.preventDefault();
            if (!target.trim()) return;
            setTransferring(false);
            void store.transfer(call.id, target.trim());
          }}
        >
          <label htmlFor={`transfer-to-${call.id}`}>{t('transfer.to')}</label>
          <input
            id={`transfer-to-${call.id}`}
            type="text"
            autoComplete="off"
            autoFocus
            placeholder={t('transfer.placeholder')}
            value={target}
            onChange={(event) => setTarget(event.currentTarget.value)}
          />
          <div className="transfer-actions">
            <button type="submit" className="button primary" disabled={!target.trim()}>
              {t('transfer.now')}
            </button>
            <button
              type="button"
              className="button"
              disabled={!target.trim()}
              onClick={() => {
                setTransferring(false);
                store.consult(call.id, target.trim());
              }}
            >
              {t('transfer.consult')}
            </button>
          </div>
        </form>
      )}
      {keypad && active && (
        <div className="keypad" id={`keypad-${call.id}`}>
          <output className="keypad-typed" aria-label={t('call.tonesSent')}>
            {typed || '\u00a0'}
          </output>
          <div role="group" aria-label={t('call.keypad')} className="keypad-grid">
            {KEYS.map((key) => (
              <button key={key} type="button" className="keypad-key" onClick={() => press(key)}>
                <span className="keypad-digit">{key}</span>
                <span className="keypad-letters" aria-hidden="true">
                  {LETTERS[key] ?? '\u00a0'}
                </span>
              </button>
            ))}
          </div>
        </div>
      )}
      {verify && active && (
        <div className="verify-call" id={`verify-${call.id}`} role="region" aria-label={t('call.verify')}>
          {call.verifyCode ? (
            <>
              <p className="verify-code" aria-label={t('call.securityCode', { code: call.verifyCode })}>
                {call.verifyCode}
              </p>
              <p className="verify-help">{t('call.verifyHelp')}</p>
            </>
          ) : (
            <p className="verify-help">{t('call.verifyNone')}</p>
          )}
        </div>
      )}
    </>
  );
}
