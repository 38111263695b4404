import type { Ref } from 'react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { chargesText, refusalText } from '../../app/pstn-client.js';
import { Icon } from '../shared/icons.js';
import { useCallIntent } from '../call/use-call-intent.js';
import { useAppStore } from '../shared/store-context.js';
import { usePstnQuote, type QuoteState } from './use-pstn-quote.js';
import { useT } from '../../i18n/use-t.js';

/** The line under the dial field for a phone number: its price, or why it cannot be called. */
function quoteLine(
  quote: QuoteState,
  t: ReturnType<typeof useT>,
): { text: string; tone: 'pending' | 'ok' | 'refused' } | undefined {
  switch (quote.status) {
    case 'none':
      return undefined;
    case 'pending':
      return { text: t('dial.checkingPrice'), tone: 'pending' };
    case 'ready':
      return quote.quote.allowed
        ? { text: chargesText(quote.quote), tone: 'ok' }
        : { text: refusalText(quote.quote), tone: 'refused' };
    case 'invalid':
      return { text: t('dial.wholeNumber'), tone: 'pending' };
    case 'unavailable':
      return { text: t('dial.noPhoneCalls'), tone: 'refused' };
    case 'error':
      return { text: t('dial.priceFailed', { error: quote.message }), tone: 'refused' };
  }
}

/**
 * "Call a username" or a phone number: type, press Enter or Call. A phone number shows its destination
 * and price before dialing (or why it is refused, with Call disabled) and is dialed as its E.164 form,
 * which the engine sends to the service's gateway (`sip:+E164@DOMAIN;user=phone`).
 */
export function DialForm({ canCall, inputRef }: { canCall: boolean; inputRef?: Ref<HTMLInputElement> }) {
  const t = useT();
  const store = useAppStore();
  const intent = useCallIntent();
  const [target, setTarget] = useState('');
  const quote = usePstnQuote(target);
  const line = quoteLine(quote, t);
  const phoneAllowed = quote.status === 'ready' && quote.quote.allowed;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (quote.status !== 'none' && !phoneAllowed) return;
    const dialled = quote.status === 'ready' ? quote.quote.e164 : target;
    if (store.call(dialled) !== undefined) setTarget('');
  }

  return (
    <div className="dial-box">
      <form className="dial" onSubmit={submit} aria-label={t('dial.label')}>
        <label htmlFor="dial-target" className="visually-hidden">
          {t('dial.label')}
        </label>
        <input
          id="dial-target"
          ref={inputRef}
          placeholder={t('dial.placeholder')}
          autoCapitalize="none"
          autoComplete="off"
          spellCheck={false}
          value={target}
          aria-describedby={line ? 'dial-quote' : undefined}
          onChange={(e) => setTarget(e.target.value)}
          onKeyDown={canCall ? intent.onKeyDown : undefined}
        />
        <button
          type="submit"
          className="button call"
          onPointerEnter={canCall ? intent.onPointerEnter : undefined}
          disabled={!canCall || target.trim() === '' || (quote.status !== 'none' && !phoneAllowed)}
        >
          <Icon name="phone" size={18} />
          {t('dial.call')}
        </button>
      </form>
      <p id="dial-quote" className={`dial-quote ${line?.tone ?? ''}`} role="status" aria-live="polite">
        {line && (
          <>
            <span className="dial-quote-mark" aria-hidden="true" />
            {line.text}
          </>
        )}
      </p>
    </div>
  );
}
