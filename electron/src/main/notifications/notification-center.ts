/**
 * Native notifications and their lifecycle.
 *
 *   incoming call:  shown ──► Answer / Decline (where the OS has actions) ──► forgotten
 *                     │  └──► clicked ──► focus the window on the call ──────► forgotten
 *                     └──► clearCall(id): answered here or elsewhere, declined, ended ──► closed
 *   missed call, message: shown; clicked ──► focus the window. At most MAX_KEPT are kept.
 *
 * Electron notifications need a live reference or their click handlers are garbage-collected, so every
 * shown notification stays in a map until it is closed. Where the OS has no action buttons (Linux), the
 * notification is clickable and the window offers Answer / Decline. Actions exist on macOS and Windows.
 */
import type {
  IncomingCallNotice,
  MessageNotice,
  MissedCallNotice,
  ShellLocale,
} from '../../../../common/ipc-contract.js';
import { shellText } from '../i18n/shell-text.js';

export interface NotificationOptionsLike {
  title: string;
  body: string;
  silent?: boolean;
  urgency?: 'normal' | 'critical' | 'low';
  timeoutType?: 'default' | 'never';
  actions?: Array<{ type: 'button'; text: string }>;
  closeButtonText?: string;
  icon?: string;
}

/** The part of Electron's `Notification` used here. */
export interface NotificationLike {
  show(): void;
  close(): void;
  on(event: 'click' | 'close', listener: () => void): unknown;
  /** Electron ≥ 39 passes `{ actionIndex }` in the event; older ones the index as second argument. */
  on(event: 'action', listener: (details: unknown, index?: number) => void): unknown;
}

export type CallNotificationAction = 'answer' | 'decline' | 'focus';

export interface NotificationCenterDeps {
  readonly create: (options: NotificationOptionsLike) => NotificationLike;
  /** Whether the OS shows action buttons (macOS, Windows). */
  readonly supportsActions: boolean;
  /** Incoming-call buttons and clicks. */
  readonly onCallAction: (callId: string, action: CallNotificationAction) => void;
  /** A missed-call or message notification was clicked. */
  readonly onFocusRequest: () => void;
  readonly iconPath?: string;
  /** The language to start in (the OS's, until the renderer says which one the user chose). */
  readonly locale?: ShellLocale;
}

export interface NotificationCenter {
  incomingCall(notice: IncomingCallNotice): void;
  clearCall(callId: string): void;
  missedCall(notice: MissedCallNotice): void;
  message(notice: MessageNotice): void;
  /** Ids of incoming calls with a notification on screen (for tests and diagnostics). */
  openCallIds(): readonly string[];
  /** Notifications shown from now on use this language (`app:set-locale`). */
  setLocale(locale: ShellLocale): void;
  clearAll(): void;
}

export const MAX_KEPT = 20;
const ANSWER_INDEX = 0;
const DECLINE_INDEX = 1;

export function createNotificationCenter(deps: NotificationCenterDeps): NotificationCenter {
  const calls = new Map<string, NotificationLike>();
  const others: NotificationLike[] = [];
  const icon = deps.iconPath ? { icon: deps.iconPath } : {};
  let text = shellText(deps.locale ?? 'en');

  const forgetCall = (callId: string, n: NotificationLike): boolean => {
    if (calls.get(callId) !== n) return false; // replaced or cleared already
    calls.delete(callId);
    return true;
  };

  const keep = (n: NotificationLike): void => {
    others.push(n);
    n.on('close', () => {
      const i = others.indexOf(n);
      if (i >= 0) others.splice(i, 1);
    });
    n.on('click', deps.onFocusRequest);
    while (others.length > MAX_KEPT) others.shift()?.close();
    n.show();
  };

  const clearCall = (callId: string): void => {
    const n = calls.get(callId);
    if (!n) return;
    calls.delete(callId);
    n.close();
  };

  return {
    incomingCall(notice) {
      clearCall(notice.callId);
      const n = deps.create({
        title: text.incomingCall(notice.from),
        body: notice.address && notice.address !== notice.from ? notice.address : 'Parley',
        urgency: 'critical',
        timeoutType: 'never',
        silent: true, // the web client plays the ringtone (and stops it when the call stops ringing)
        ...(deps.supportsActions
          ? {
              actions: [
                { type: 'button', text: text.answer },
                { type: 'button', text: text.decline },
              ],
              closeButtonText: text.ignore,
            }
          : {}),
        ...icon,
      });
      calls.set(notice.callId, n);
      n.on('action', (details, legacyIndex) => {
        if (!forgetCall(notice.callId, n)) return;
        const index = actionIndexOf(details, legacyIndex);
        if (index === ANSWER_INDEX) deps.onCallAction(notice.callId, 'answer');
        else if (index === DECLINE_INDEX) deps.onCallAction(notice.callId, 'decline');
      });
      n.on('click', () => {
        if (forgetCall(notice.callId, n)) deps.onCallAction(notice.callId, 'focus');
      });
      n.on('close', () => {
        forgetCall(notice.callId, n);
      });
      n.show();
    },
    clearCall,
    missedCall(notice) {
      keep(deps.create({ title: text.missedCall, body: text.missedFrom(notice.from), ...icon }));
    },
    message(notice) {
      keep(deps.create({ title: text.messageFrom(notice.from), body: notice.preview, ...icon }));
    },
    openCallIds: () => [...calls.keys()],
    setLocale(locale) {
      text = shellText(locale);
    },
    clearAll() {
      for (const id of [...calls.keys()]) clearCall(id);
      for (const n of others.splice(0)) n.close();
    },
  };
}

function actionIndexOf(details: unknown, legacyIndex: number | undefined): number | undefined {
  if (typeof details === 'object' && details !== null) {
    const index = (details as { actionIndex?: unknown }).actionIndex;
    if (typeof index === 'number') return index;
  }
  return legacyIndex;
}
