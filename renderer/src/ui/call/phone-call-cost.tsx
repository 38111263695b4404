/**
 * After a phone call (through the service's gateway) ends: its length and cost, from the call detail
 * record the gateway writes when the call is over (fetched by the call's SIP Call-ID; asked again a few
 * times, since the record may land a moment after the BYE).
 */
import { useEffect, useState } from 'react';
import { e164FromSipUser } from '../../../../common/phone-number.js';
import type { PstnCallResponse } from '../../../../common/pstn-types.js';
import { formatDuration } from '../../app/call-text.js';
import { formatPrice } from '../../i18n/format.js';
import { t } from '../../i18n/i18n.js';
import type { CallSnapshot } from '../../engine/phone-engine-contract.js';
import { useAppStore } from '../shared/store-context.js';
import { useT } from '../../i18n/use-t.js';

const ATTEMPTS = 6;
const RETRY_MS = 500;

/** "Phone call 01:05 · €0.04" (de: "Telefonanruf 01:05 · 0,04 €"): the price in the locale's format. */
export function costText(record: PstnCallResponse): string {
  return t('pstn.cost', {
    duration: formatDuration(record.durationSeconds * 1000),
    price: formatPrice(record.cost, record.currency),
  });
}

export function isPhoneCall(call: CallSnapshot): boolean {
  const user = /^sips?:([^@;>]+)@/i.exec(call.peer.uri)?.[1] ?? '';
  return call.direction === 'outgoing' && call.endReason !== 'refused' && e164FromSipUser(user) !== undefined;
}

export function PhoneCallCost({ call }: { call: CallSnapshot }) {
  const tr = useT();
  const store = useAppStore();
  const [record, setRecord] = useState<PstnCallResponse | 'waiting' | 'none'>('waiting');
  const sipCallId = call.sipCallId;

  useEffect(() => {
    if (sipCallId === undefined) return undefined;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = (left: number): void => {
      store.pstn.callRecord(sipCallId, abort.signal).then(
        (found) => {
          if (found) setRecord(found);
          else if (left > 1) timer = setTimeout(() => ask(left - 1), RETRY_MS);
          else setRecord('none');
        },
        () => {
          if (!abort.signal.aborted) setRecord('none');
        },
      );
    };
    ask(ATTEMPTS);
    return () => {
      abort.abort();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [store, sipCallId]);

  if (sipCallId === undefined || record === 'none') return null;
  return (
    <p className="call-cost" aria-label={record === 'waiting' ? tr('pstn.costPending') : costText(record)}>
      {record === 'waiting' ? tr('pstn.costPendingShown') : costText(record)}
    </p>
  );
}
