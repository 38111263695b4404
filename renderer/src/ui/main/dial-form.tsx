import type { Ref } from 'react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { chargesText } from '../../app/pstn-client.js';
import { Icon } from '../shared/icons.js';
import { useCallIntent } from '../call/use-call-intent.js';
import { useAppStore } from '../shared/store-context.js';
import { usePstnQuote, type QuoteState } from './use-pstn-quote.js';

/** The line under the dial field for a phone number: its price, or why it cannot be called. */
function quoteLine(quote: QuoteState): { text: string; tone: 'pending' | 'ok' | 'refused' } | undefined {
  switch (quote.status) {
    case 'none':
      return undefined;
    case 'pending':
      return { text: 'Checking the price…', tone: 'pending' };
    case 'ready':
      return quote.quote.allowed
        ? { text: chargesText(quote.quote), tone: 'ok' }
        : { text: quote.quote.reason ?? 'This number cannot be called', tone: 'refused' };
    case 'invalid':
      return { text: 'Type the whole number, with the country code if it is abroad', tone: 'pending' };
    case 'unavailable':
      return { text: 'Phone calls are not available on this service', tone: 'refused' };
    case 'error':
      return { text: `Could not check the price. ${quote.message}`, tone: 'refused' };
  }
}

/**
 * "Call a username" or a phone number: type, press Enter or Call. A phone number shows its destination
 * and price before dialing (or why it is refused, with Call disabled) and is dialed as its E.164 form,
 * which the engine sends to the service's gateway (`sip:+E164@DOMAIN;user=phone`).
 */
export function DialForm({ canCall, inputRef }: { canCall: boolean; inputRef?: Ref<HTMLInputElement> }) {
  const store = useAppStore();
  const intent = useCallIntent();
  const [target, setTarget] = useState('');
  const quote = usePstnQuote(target);
  const line = quoteLine(quote);
  const phoneAllowed = quote.status === 'ready' && quote.quote.allowed;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (quote.status !== 'none' && !phoneAllowed) return;
    const dialled = quote.status === 'ready' ? quote.quote.e164 : target;
    if (store.call(dialled) !== undefined) setTarget('');
  }

  return (
    <div className="dial-box">
      <form className="dial" onSubmit={submit} aria-label="Call a username">
        <label htmlFor="dial-target" className="visually-hidden">
          Call a username
        </label>
        <input
          id="dial-target"
          ref={inputRef}
          placeholder="Call a username or phone number"
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
          Call
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
