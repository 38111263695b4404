/**
 * One phone number of a contact with its Call button. A number goes out through the service's gateway
 * when the quote allows it, with the price as the button's description (as in the dial box); otherwise
 * the button is disabled and its description says why.
 */
import { useId } from 'react';
import type { ContactPhoneNumber } from '../../../../common/contact-types.js';
import { formatInternational } from '../../../../common/phone-number.js';
import { chargesText } from '../../app/pstn-client.js';
import { Icon } from '../shared/icons.js';
import { useAppStore } from '../shared/store-context.js';
import { usePstnQuote, type QuoteState } from '../main/use-pstn-quote.js';

export const NUMBER_TYPE_LABELS = { mobile: 'mobile', work: 'work', home: 'home', other: 'other' } as const;

/** Whether the number may be dialled now, and the sentence that describes the Call button. */
export function callability(
  number: ContactPhoneNumber,
  quote: QuoteState,
): { allowed: boolean; text: string } {
  if (!number.valid) return { allowed: false, text: 'Not a phone number that can be dialled' };
  switch (quote.status) {
    case 'ready':
      return quote.quote.allowed
        ? { allowed: true, text: chargesText(quote.quote) }
        : { allowed: false, text: quote.quote.reason ?? 'This number cannot be called' };
    case 'unavailable':
      return { allowed: false, text: 'Phone calls are not available on this service' };
    case 'error':
      return { allowed: false, text: `Could not check the price. ${quote.message}` };
    case 'invalid':
      return { allowed: false, text: 'Not a phone number that can be dialled' };
    case 'none':
    case 'pending':
      return { allowed: false, text: 'Checking the price…' };
  }
}

export function ContactNumberCall({
  name,
  number,
  canCall,
}: {
  name: string;
  number: ContactPhoneNumber;
  canCall: boolean;
}) {
  const store = useAppStore();
  const quote = usePstnQuote(number.valid ? number.number : '');
  const { allowed, text } = callability(number, quote);
  const hintId = useId();
  const shown = number.valid ? formatInternational(number.number) : number.number;
  const label = `Call ${name}, ${NUMBER_TYPE_LABELS[number.type]}`;
  return (
    <li className="contact-number">
      <span className="contact-number-type">{NUMBER_TYPE_LABELS[number.type]}</span>
      <span className="contact-number-value">{shown}</span>
      <span id={hintId} className={`contact-number-hint ${allowed ? 'ok' : 'refused'}`}>
        {text}
      </span>
      <button
        type="button"
        className="icon-button call"
        aria-label={label}
        title={label}
        aria-describedby={hintId}
        disabled={!canCall || !allowed}
        onClick={() => {
          if (quote.status === 'ready' && quote.quote.allowed) store.call(quote.quote.e164);
        }}
      >
        <Icon name="phone" />
      </button>
    </li>
  );
}
