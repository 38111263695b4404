/**
 * The app's door to chat (issue 3): one `MessagingClient` per signed-in session (built on the phone
 * engine's `messaging` transport, history over HTTP with the session's bearer token), behind a stable
 * `subscribe` / `getSnapshot` pair the UI reads with `useSyncExternalStore` across sessions.
 *
 *   sign-in ─► engine created ─► attach(client) ─► engine registered ─► loadConversations()
 *   sign-out / reconnect ─► detach() (client disposed; the snapshot becomes empty)
 *
 * Also keeps `setInView` in step with the page (`visibilitychange`) and raises a web `Notification`
 * for a new message whose conversation is not on screen (permission is asked on a user gesture only:
 * `requestNotificationPermission()`, called from the Send / Message buttons).
 */
import { t } from '../i18n/i18n.js';
import type { PhoneEngine } from '../engine/phone-engine-contract.js';
import { MessagingClient, type FetchJson, type SendOutcome } from '../messaging/messaging-client.js';
import type { IncomingMessageEvent, MessagingSnapshot } from '../messaging/messaging-snapshot.js';

const EMPTY: MessagingSnapshot = { conversations: [], totalUnread: 0 };

export interface ChatSessionOptions {
  readonly engine: PhoneEngine;
  readonly username: string;
  readonly domain: string;
  readonly token: string;
  /** Origin of the service; '' (same origin) in the browser. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  /** Display name for a username, for notification titles. */
  readonly nameOf?: (username: string) => string;
}

/** The page's visibility and notification API, absent in Node tests. */
interface PageEnv {
  readonly document?: Document;
  readonly Notification?: typeof Notification;
}

const env = (): PageEnv => globalThis as unknown as PageEnv;

/**
 * Shows "a new message arrived" to someone not looking at that conversation. The browser's default is a
 * web `Notification`; the desktop app passes one that raises the native notification over IPC.
 */
export type MessageNotifier = (notice: {
  readonly id: string;
  readonly peer: string;
  /** The sender's display name (or username). */
  readonly name: string;
  readonly title: string;
  readonly body: string;
}) => void;

/** JSON over HTTP with `Authorization: Bearer TOKEN`; throws on an HTTP error (the client shows it). */
export function bearerFetchJson(token: string, baseUrl = '', fetchImpl?: typeof fetch): FetchJson {
  return async (path, init) => {
    const res = await (fetchImpl ?? globalThis.fetch)(baseUrl + path, {
      method: init?.method ?? 'GET',
      headers: { Accept: 'application/json', Authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return res.json() as Promise<unknown>;
  };
}

export class ChatHub {
  constructor(private readonly notifier: MessageNotifier = webNotification) {}

  private client: MessagingClient | undefined;
  private cleanup: (() => void) | undefined;
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): MessagingSnapshot => this.client?.getSnapshot() ?? EMPTY;

  /** The current session's client (undefined when signed out or the engine has no messaging). */
  get current(): MessagingClient | undefined {
    return this.client;
  }

  /** Builds the client for a new engine (replacing any previous one). */
  attach(options: ChatSessionOptions): MessagingClient | undefined {
    this.detach();
    const transport = options.engine.messaging;
    if (!transport) return undefined;
    const client = new MessagingClient({
      transport,
      self: options.username,
      domain: options.domain,
      fetchJson: bearerFetchJson(options.token, options.baseUrl, options.fetch),
    });
    const offSnapshot = client.subscribe(() => this.emit());
    const offIncoming = client.onIncomingMessage((event) => this.notify(event, options.nameOf));
    const doc = env().document;
    const onVisibility = (): void => client.setInView(doc?.visibilityState !== 'hidden');
    doc?.addEventListener('visibilitychange', onVisibility);
    onVisibility();
    this.client = client;
    this.cleanup = () => {
      doc?.removeEventListener('visibilitychange', onVisibility);
      offIncoming();
      offSnapshot();
      client.dispose();
    };
    this.emit();
    return client;
  }

  detach(): void {
    if (!this.client) return;
    this.cleanup?.();
    this.cleanup = undefined;
    this.client = undefined;
    this.emit();
  }

  open(peer: string): void {
    void this.client?.open(peer);
  }

  send(peer: string, body: string): SendOutcome | { ok: false; code: 'offline'; message: string } {
    if (!this.client) return { ok: false, code: 'offline', message: t('error.offline') };
    return this.client.send(peer, body);
  }

  private notify(event: IncomingMessageEvent, nameOf?: (username: string) => string): void {
    if (event.inView) return;
    const { message } = event;
    const name = nameOf?.(message.peer) ?? message.peer;
    this.notifier({
      id: message.id,
      peer: message.peer,
      name,
      title: t('chat.notificationTitle', { name }),
      body: message.body.slice(0, 140),
    });
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** Asks for notification permission; call it only from a user gesture (a click), never on load. */
export function requestNotificationPermission(): void {
  const N = env().Notification;
  if (N && N.permission === 'default') void N.requestPermission().catch(() => undefined);
}

/** The browser's notifier: a web `Notification` when the user allowed them. */
function webNotification(notice: Parameters<MessageNotifier>[0]): void {
  const N = env().Notification;
  if (!N || N.permission !== 'granted') return;
  try {
    // Plain text only (a notification renders no HTML); one per conversation, the newest replaces it.
    new N(notice.title, { body: notice.body, tag: `chat-${notice.peer}` });
  } catch {
    // Some browsers (Android Chrome) allow notifications only from a service worker: skip.
  }
}
