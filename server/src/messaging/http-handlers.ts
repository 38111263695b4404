/**
 * The history API (common/messaging-types.ts) as plain functions, for the service's HTTP router to mount.
 * Each takes the authenticated username, the path and query parameters, and the parsed JSON body, and
 * returns a status with a JSON body (`ApiErrorBody` on errors).
 *
 * | method | path                                   | handler             |
 * |--------|----------------------------------------|---------------------|
 * | GET    | /api/conversations                     | `listConversations` |
 * | GET    | /api/conversations/:peer/messages      | `listMessages` (`?before=SEQ&limit=N`) |
 * | POST   | /api/conversations/:peer/read          | `markRead`          |
 */
import type { ApiErrorBody } from '../../../common/api-types.js';
import type {
  ConversationsResponse,
  MarkReadResponse,
  MessagesPageResponse,
} from '../../../common/messaging-types.js';
import type { MessagingService } from './messaging-service.js';

export type HttpParams = Readonly<Record<string, string | undefined>>;

export interface HttpResult<T> {
  readonly status: number;
  readonly body: T | ApiErrorBody;
}

export type MessagingHttpHandler = (
  user: string,
  params: HttpParams,
  body?: unknown,
) => Promise<HttpResult<unknown>>;

export interface MessagingRoute {
  readonly method: 'GET' | 'POST';
  /** Express-style pattern; `:peer` is a path parameter. */
  readonly pattern: string;
  readonly handler: MessagingHttpHandler;
}

const PEER = /^[a-z][a-z0-9._-]{0,63}$/;

const error = (status: number, code: string, message: string): HttpResult<never> => ({
  status,
  body: { error: { code, message } },
});

function peerOf(params: HttpParams): string | undefined {
  const raw = params.peer;
  if (raw === undefined) return undefined;
  let peer: string;
  try {
    peer = decodeURIComponent(raw).trim().toLowerCase();
  } catch {
    return undefined;
  }
  return PEER.test(peer) ? peer : undefined;
}

function intParam(value: string | undefined): number | undefined | 'bad' {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,15}$/.test(value)) return 'bad';
  return Number(value);
}

export function createMessagingHttpHandlers(service: MessagingService): {
  listConversations: (user: string, params?: HttpParams) => Promise<HttpResult<ConversationsResponse>>;
  listMessages: (user: string, params: HttpParams) => Promise<HttpResult<MessagesPageResponse>>;
  markRead: (user: string, params: HttpParams, body?: unknown) => Promise<HttpResult<MarkReadResponse>>;
  routes: readonly MessagingRoute[];
} {
  const listConversations = async (user: string): Promise<HttpResult<ConversationsResponse>> => ({
    status: 200,
    body: await service.conversations(user),
  });

  const listMessages = async (
    user: string,
    params: HttpParams,
  ): Promise<HttpResult<MessagesPageResponse>> => {
    const peer = peerOf(params);
    if (!peer) return error(400, 'bad_peer', 'Unknown conversation.');
    const before = intParam(params.before);
    const limit = intParam(params.limit);
    if (before === 'bad' || limit === 'bad' || limit === 0) {
      return error(400, 'bad_query', 'before and limit must be positive integers.');
    }
    return { status: 200, body: await service.page(user, peer, before, limit) };
  };

  const markRead = async (user: string, params: HttpParams): Promise<HttpResult<MarkReadResponse>> => {
    const peer = peerOf(params);
    if (!peer) return error(400, 'bad_peer', 'Unknown conversation.');
    return { status: 200, body: { marked: (await service.markRead(user, peer)).marked } };
  };

  return {
    listConversations,
    listMessages,
    markRead,
    routes: [
      { method: 'GET', pattern: '/api/conversations', handler: listConversations },
      { method: 'GET', pattern: '/api/conversations/:peer/messages', handler: listMessages },
      { method: 'POST', pattern: '/api/conversations/:peer/read', handler: markRead },
    ],
  };
}
