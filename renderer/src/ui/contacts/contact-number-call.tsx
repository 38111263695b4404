/**
 * One phone number of a contact with its Call button. A number goes out through the service's gateway
 * when the quote allows it, with the price as the button's description (as in the dial box); otherwise
 * the button is disabled and its description says why.
 */
import { t as translate } from '../../i18n/i18n.js';
import { numberTypeId } from './number-type-text.js';
import { useId } from 'react';
import type { ContactPhoneNumber } from '../../../../common/contact-types.js';
import { formatInternational } from '../../../../common/phone-number.js';
import { chargesText, refusalText } from '../../app/pstn-client.js';
import { Icon } from '../shared/icons.js';
import { useAppStore } from '../shared/store-context.js';
import { usePstnQuote, type QuoteState } from '../main/use-pstn-quote.js';
import { useT } from '../../i18n/use-t.js';

/** Whether the number may be dialled now, and the sentence that describes the Call button. */
export function callability(
  number: ContactPhoneNumber,
  quote: QuoteState,
): { allowed: boolean; text: string } {
  if (!number.valid) return { allowed: false, text: translate('dial.notDiallable') };
  switch (quote.status) {
    case 'ready':
      return quote.quote.allowed
        ? { allowed: true, text: chargesText(quote.quote) }
        : { allowed: false, text: refusalText(quote.quote) };
    case 'unavailable':
      return { allowed: false, text: translate('dial.noPhoneCalls') };
    case 'error':
      return { allowed: false, text: translate('dial.priceFailed', { error: quote.message }) };
    case 'invalid':
      return { allowed: false, text: translate('dial.notDiallable') };
    case 'none':
    case 'pending':
      return { allowed: false, text: translate('dial.checkingPrice') };
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
  const t = useT();
  const store = useAppStore();
  const quote = usePstnQuote(number.valid ? number.number : '');
  const { allowed, text } = callability(number, quote);
  const hintId = useId();
  const shown = number.valid ? formatInternational(number.number) : number.number;
  const kind = t(numberTypeId(number.type, 'lower'));
  const label = t('card.callNumber', { name, kind });
  return (
    <li className="contact-number">
      <span className="contact-number-type">{kind}</span>
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
