/**
 * The call history API (issue 13 item 6): every call of a user on every device, kept by the service.
 * - `GET /api/calls?limit=&before=` → `CallHistoryPage` (newest first; `before` is a `nextCursor`);
 * - `DELETE /api/calls/:id` → 204; `DELETE /api/calls` → 204 ("Clear all");
 * - `POST /api/calls/seen` → `CallHistorySummary` (the missed-call badge is cleared);
 * - `GET /api/calls/summary` → `CallHistorySummary`.
 * The event stream (`GET /api/events`) carries `event: calls` with a `CallHistoryChange` whenever an
 * entry of the user is added or changes, so an open client refreshes its list and badge.
 */

/** From this user's side: placed, answered, or rang and nobody of this user answered. */
export type CallDirection = 'outgoing' | 'incoming' | 'missed';

/**
 * How the call ended for this user: `answered` (a device or agent took it), `voicemail` (sent to
 * voicemail unanswered), `declined` (603), `busy` (486/600), `cancelled` (the caller hung up before an
 * answer), `no-answer` (nobody answered in time), `failed` (anything else; `status` says what).
 */
export type CallOutcome =
  'answered' | 'voicemail' | 'declined' | 'busy' | 'cancelled' | 'no-answer' | 'failed';

export interface CallHistoryEntry {
  readonly id: string;
  /** The SIP Call-ID of the call (RFC 3261 §8.1.1.4). */
  readonly callId: string;
  readonly direction: CallDirection;
  readonly outcome: CallOutcome;
  /** The other party: its username when it is a user of this service, and its SIP URI. */
  readonly peer: { readonly username?: string; readonly uri: string; readonly displayName?: string };
  /** ISO 8601 times: the INVITE arrived, the 2xx went through, the BYE (or the failure) ended it. */
  readonly startedAt: string;
  readonly answeredAt?: string;
  readonly endedAt?: string;
  /** Seconds from answer to end (answered calls that have ended). */
  readonly durationSeconds?: number;
  /**
   * This user's device in the call: the one the call was placed from (outgoing) or answered on
   * (incoming); its SIP User-Agent/Server name.
   */
  readonly device?: string;
  /** Who answered (outgoing calls): the callee's username, or an agent such as `voicemail`. */
  readonly answeredBy?: string;
  /** The device that answered, as its User-Agent/Server names itself (outgoing calls). */
  readonly answeredOn?: string;
  /** The final SIP status of a call that was not answered. */
  readonly status?: number;
  /** What the call cost (PSTN calls through the gateway), when known. */
  readonly cost?: { readonly amount: string; readonly currency: string };
}

export interface CallHistorySummary {
  /** Missed calls recorded since the user last opened the history. */
  readonly missedUnseen: number;
}

export interface CallHistoryPage extends CallHistorySummary {
  readonly entries: readonly CallHistoryEntry[];
  /** Pass as `before` for the next (older) page; absent on the last page. */
  readonly nextCursor?: string;
}

/** `event: calls` on the event stream. */
export interface CallHistoryChange extends CallHistorySummary {
  readonly reason: 'added' | 'updated' | 'deleted' | 'cleared' | 'seen';
  readonly id?: string;
}
