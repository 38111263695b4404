/**
 * The call history room: the recorder fed by the SIP room (`observer`), its writes to the store, the
 * `calls` event on the user's event streams, and what the HTTP routes read (call-history-routes.ts).
 */
import { randomBytes } from 'node:crypto';
import type {
  CallHistoryChange,
  CallHistoryEntry,
  CallHistoryPage,
  CallHistorySummary,
} from '../../../common/call-history-types.js';
import type { Logger } from '../../../common/logger.js';
import { RESERVED_USERNAMES } from '../../../common/username-rules.js';
import type { CallObserver } from '../sip/sip-service-contract.js';
import type { CallHistoryRecord, CallHistoryRepository } from '../store/call-history-repository.js';
import { CallHistoryRecorder, type RecordedCall } from './call-history-recorder.js';

/** What a call cost, by the user and the SIP Call-ID (the PSTN gateway's call detail records). */
export type CallCostLookup = (
  username: string,
  callId: string,
) => Promise<{ cost: string; currency: string } | undefined>;

export interface CallHistoryOptions {
  readonly repository: CallHistoryRepository;
  readonly now: () => number;
  readonly logger: Logger;
  /** Sends `event: calls` to the user's open event streams. */
  readonly publish: (username: string, change: CallHistoryChange) => void;
  /**
   * Whether `username` has an open event stream; when false no event is built (its `missedUnseen` count
   * is a query over the user's whole history: issue 15, CPU per call). Default: always.
   */
  readonly isListening?: (username: string) => boolean;
  /** A local user's display name, for a peer whose SIP header gave none (the To of an INVITE). */
  readonly displayNameOf?: (username: string) => Promise<string | undefined>;
  /** Fills `cost` on entries; none by default. */
  readonly cost?: CallCostLookup;
}

export interface CallHistory {
  /** Give this to the SIP room (`SipServiceOptions.calls`) and to any B2BUA that answers calls itself. */
  readonly observer: CallObserver;
  page(username: string, limit: number, before?: string): Promise<CallHistoryPage>;
  summary(username: string): Promise<CallHistorySummary>;
  delete(username: string, id: string): Promise<boolean>;
  clear(username: string): Promise<void>;
  /** The user opened the history: the missed-call badge clears on every device. */
  markSeen(username: string): Promise<CallHistorySummary>;
  /** Resolves when every write reported so far is in the store (tests, shutdown). */
  settled(): Promise<void>;
}

const iso = (ms: number | null): string | undefined => (ms === null ? undefined : new Date(ms).toISOString());

/** A page cursor is `<startedAt>.<id>` of the last entry of the previous page. */
function parseCursor(text: string | undefined): { startedAt: number; id: string } | undefined | null {
  if (text === undefined || text === '') return undefined;
  const m = /^(\d{1,15})\.([0-9a-f]{1,64})$/.exec(text);
  return m ? { startedAt: Number(m[1]), id: m[2] ?? '' } : null;
}

export class BadCursorError extends Error {
  override readonly name = 'BadCursorError';
}

export function createCallHistory(options: CallHistoryOptions): CallHistory {
  const { repository, logger } = options;
  // Writes run one after the other, so a short call's end never overtakes its entries.
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (what: string, work: () => Promise<void>): void => {
    queue = queue.then(work).catch((err: unknown) => {
      logger.warn({ tnx: 'call-history', what, err: String(err) }, 'call history not written');
    });
  };
  const notify = async (username: string, change: Omit<CallHistoryChange, 'missedUnseen'>): Promise<void> => {
    if (options.isListening?.(username) === false) return;
    options.publish(username, { ...change, missedUnseen: await repository.missedUnseen(username) });
  };

  const recorder = new CallHistoryRecorder({
    now: options.now,
    isUser: (u) => !RESERVED_USERNAMES.has(u),
    sink: {
      add(entries: readonly RecordedCall[]) {
        enqueue('add', async () => {
          for (const e of entries) {
            const peer = e.peer;
            const name =
              peer.displayName === undefined && peer.username && options.displayNameOf
                ? await options.displayNameOf(peer.username).catch(() => undefined)
                : undefined;
            const record = toRecord(name ? { ...e, peer: { ...peer, displayName: name } } : e, options.now());
            await repository.add(record);
            await notify(e.username, { reason: 'added', id: record.id });
          }
        });
      },
      end(callId, at) {
        enqueue('end', async () => {
          for (const r of await repository.end(callId, at)) {
            await notify(r.username, { reason: 'updated', id: r.id });
          }
        });
      },
    },
  });

  const toEntry = async (r: CallHistoryRecord): Promise<CallHistoryEntry> => {
    const cost = options.cost ? await options.cost(r.username, r.callId).catch(() => undefined) : undefined;
    const duration =
      r.answeredAt !== null && r.endedAt !== null && r.direction !== 'missed'
        ? Math.max(0, Math.round((r.endedAt - r.answeredAt) / 1000))
        : undefined;
    const startedAt = iso(r.startedAt) ?? '';
    const answeredAt = r.direction === 'missed' ? undefined : iso(r.answeredAt);
    const endedAt = iso(r.endedAt);
    return {
      id: r.id,
      callId: r.callId,
      direction: r.direction,
      outcome: r.outcome as CallHistoryEntry['outcome'],
      peer: {
        uri: r.peerUri,
        ...(r.peerUsername ? { username: r.peerUsername } : {}),
        ...(r.peerName ? { displayName: r.peerName } : {}),
      },
      startedAt,
      ...(answeredAt ? { answeredAt } : {}),
      ...(endedAt ? { endedAt } : {}),
      ...(duration !== undefined ? { durationSeconds: duration } : {}),
      ...(r.device ? { device: r.device } : {}),
      ...(r.answeredBy ? { answeredBy: r.answeredBy } : {}),
      ...(r.answeredOn ? { answeredOn: r.answeredOn } : {}),
      ...(r.status !== null ? { status: r.status } : {}),
      ...(cost ? { cost: { amount: cost.cost, currency: cost.currency } } : {}),
    };
  };

  return {
    observer: recorder,
    async page(username, limit, before) {
      const cursor = parseCursor(before);
      if (cursor === null) throw new BadCursorError('before is not a cursor of this list');
      // One extra row tells whether an older page exists.
      const rows = await repository.page(username, limit + 1, cursor);
      const shown = rows.slice(0, limit);
      const last = shown.at(-1);
      return {
        entries: await Promise.all(shown.map(toEntry)),
        missedUnseen: await repository.missedUnseen(username),
        ...(rows.length > limit && last ? { nextCursor: `${last.startedAt}.${last.id}` } : {}),
      };
    },
    summary: async (username) => ({ missedUnseen: await repository.missedUnseen(username) }),
    async delete(username, id) {
      const removed = await repository.delete(username, id);
      if (removed) await notify(username, { reason: 'deleted', id });
      return removed;
    },
    async clear(username) {
      await repository.clear(username);
      await notify(username, { reason: 'cleared' });
    },
    async markSeen(username) {
      await repository.markSeen(username, options.now());
      const summary = { missedUnseen: await repository.missedUnseen(username) };
      options.publish(username, { reason: 'seen', ...summary });
      return summary;
    },
    settled: () => queue,
  };
}

function toRecord(e: RecordedCall, recordedAt: number): CallHistoryRecord {
  return {
    id: randomBytes(8).toString('hex'),
    username: e.username,
    callId: e.callId,
    direction: e.direction,
    outcome: e.outcome,
    peerUsername: e.peer.username ?? null,
    peerUri: e.peer.uri,
    peerName: e.peer.displayName ?? null,
    startedAt: e.startedAt,
    answeredAt: e.answeredAt ?? null,
    endedAt: e.endedAt ?? null,
    device: e.device ?? null,
    answeredBy: e.answeredBy ?? null,
    answeredOn: e.answeredOn ?? null,
    status: e.status ?? null,
    recordedAt,
  };
}
