/**
 * The sentences a refusal carries to people (the HTTP quote, the SIP `Reason` header), one per stable
 * code of the contract (./gateway-policy.ts). The client shows them as they come.
 */
import type { PstnRefusalCode } from './gateway-policy.js';

export function refusalReason(
  code: PstnRefusalCode,
  detail: { destination?: string; limit?: string; currency?: string; calls?: number } = {},
): string {
  switch (code) {
    case 'invalid_number':
      return 'That is not a phone number';
    case 'pstn_not_permitted':
      return 'You have no permission to call phones';
    case 'premium_blocked':
      return 'Premium-rate numbers are blocked';
    case 'destination_blocked':
      return detail.destination
        ? `Calls to ${detail.destination} are blocked`
        : 'Calls to this number are blocked';
    case 'unrated_destination':
      return 'Calls to this destination are blocked (no rate is set for it)';
    case 'daily_limit_reached':
      return `Daily limit of ${detail.limit ?? ''} ${detail.currency ?? ''} reached`.replace(/\s+/g, ' ');
    case 'too_many_calls':
      return `You already have ${detail.calls ?? 'the most'} phone call${detail.calls === 1 ? '' : 's'} in progress`;
    case 'no_trunk':
      return 'All phone lines are busy; try again shortly';
  }
}
