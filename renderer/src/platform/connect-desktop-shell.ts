/**
 * Connects the phone engine to the desktop shell: engine snapshots drive the tray (registration, missed
 * calls, unread messages) and native notifications (incoming call, missed call); notification buttons,
 * global shortcuts, `sip:`/`tel:` links and wake-from-sleep come back as engine calls.
 *
 *   engine snapshot ─► tray:set-status, notify:incoming-call / notify:clear-call / notify:missed-call
 *   notify:action (answer|decline) ─► engine.answer / engine.decline
 *   shortcut:fired (answer|hangup)  ─► engine.answer / engine.hangup (or decline while ringing)
 *   links:dial                      ─► engine.call (queued until registered)
 *   system:resumed                  ─► engine.stop + engine.start (deferred while a call is live)
 *   dnd:changed                     ─► incoming calls are declined silently and counted as missed
 *
 * No React here; the app calls `connectDesktopShell(engine, bridge)` after creating the engine and
 * `dispose()` before replacing it.
 */
import { t, type MessageId } from '../i18n/i18n.js';
import type { CallSnapshot, PhoneEngine, PhoneSnapshot } from '../engine/phone-engine-contract.js';
import type { DialRequest, TrayRegistration, TrayStatus } from '../../../common/ipc-contract.js';
import type { DesktopBridge } from './desktop-bridge.js';

export interface DesktopShellOptions {
  /** Shows the user a sentence (e.g. "Reconnecting after the computer woke up…"). */
  readonly onNotice?: (message: string) => void;
  /** Registers again; default: `engine.stop()` then `engine.start()`. */
  readonly reRegister?: () => Promise<void>;
}

export interface DesktopShellConnection {
  /** The app's count of unread messages (for the tray). */
  setUnreadMessages(count: number): void;
  clearMissedCalls(): void;
  getMissedCalls(): number;
  dispose(): void;
}

const LIVE_STATES = new Set(['dialing', 'ringing', 'connecting', 'active']);
/** Incoming calls that ended unanswered for these reasons count as missed. */
const MISSED_REASONS = new Set(['cancelled', 'no-answer', 'unavailable', 'remote-hangup']);
const RESUME_TEXT = {
  resume: 'shell.resume',
  'unlock-screen': 'shell.unlockScreen',
  'network-online': 'shell.networkOnline',
} as const satisfies Record<string, MessageId>;

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARS = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/g;

function trayRegistration(snapshot: PhoneSnapshot): TrayRegistration {
  switch (snapshot.registration.state) {
    case 'registered':
      return 'registered';
    case 'connecting':
      return 'connecting';
    default:
      return 'offline';
  }
}

/** A one-line, bounded caller name the IPC validator accepts. */
function callerName(call: CallSnapshot): string {
  const raw = call.peer.displayName || call.peer.username || call.peer.uri || t('voicemail.unknownCaller');
  const clean = raw.replace(CONTROL_CHARS, ' ').trim().slice(0, 200);
  return clean === '' ? t('voicemail.unknownCaller') : clean;
}

function oneLine(text: string, max: number): string | undefined {
  const clean = text.replace(CONTROL_CHARS, '').slice(0, max);
  return clean === '' ? undefined : clean;
}

export function connectDesktopShell(
  engine: PhoneEngine,
  bridge: DesktopBridge,
  options: DesktopShellOptions = {},
): DesktopShellConnection {
  let disposed = false;
  let dnd = false;
  let missed = 0;
  let unread = 0;
  let lastTray = '';
  let resumePending = false;
  let reRegistering = false;
  const ringing = new Set<string>(); // incoming calls with a notification on screen
  const seen = new Map<string, CallSnapshot['state']>();
  const counted = new Set<string>(); // incoming calls already counted as missed
  const dndDeclined = new Set<string>();
  const pendingDials: DialRequest[] = [];

  const pushTray = (snapshot: PhoneSnapshot): void => {
    const status: TrayStatus = {
      registration: trayRegistration(snapshot),
      missedCalls: missed,
      unreadMessages: unread,
    };
    const key = JSON.stringify(status);
    if (key === lastTray) return;
    lastTray = key;
    void bridge.invoke('tray:set-status', status);
  };

  const countMissed = (call: CallSnapshot, notify: boolean): void => {
    if (counted.has(call.id)) return;
    counted.add(call.id);
    missed = Math.min(missed + 1, 9999);
    if (notify) void bridge.invoke('notify:missed-call', { callId: call.id, from: callerName(call) });
  };

  const clearRinging = (callId: string): void => {
    if (ringing.delete(callId)) void bridge.invoke('notify:clear-call', callId);
  };

  const onSnapshot = (): void => {
    if (disposed) return;
    const snapshot = engine.getSnapshot();
    const present = new Set<string>();
    for (const call of snapshot.calls) {
      present.add(call.id);
      const before = seen.get(call.id);
      seen.set(call.id, call.state);
      if (call.direction !== 'incoming') continue;
      if (call.state === 'incoming' && before === undefined) {
        if (dnd) {
          dndDeclined.add(call.id);
          countMissed(call, false);
          engine.decline(call.id).catch(() => undefined);
        } else {
          ringing.add(call.id);
          const address = oneLine(call.peer.uri, 512);
          void bridge.invoke('notify:incoming-call', {
            callId: call.id,
            from: callerName(call),
            ...(address ? { address } : {}),
          });
        }
      }
      if (call.state !== 'incoming') clearRinging(call.id);
      if (
        call.state === 'ended' &&
        call.answeredAt === undefined &&
        !dndDeclined.has(call.id) &&
        call.endReason !== undefined &&
        MISSED_REASONS.has(call.endReason)
      ) {
        countMissed(call, true);
      }
    }
    for (const id of [...seen.keys()]) {
      if (present.has(id)) continue;
      seen.delete(id);
      clearRinging(id);
    }
    pushTray(snapshot);
    if (snapshot.registration.state === 'registered') flushDials();
    if (resumePending && !snapshot.calls.some((c) => LIVE_STATES.has(c.state) || c.state === 'incoming'))
      void reRegister();
  };

  const flushDials = (): void => {
    while (pendingDials.length > 0) {
      const request = pendingDials.shift()!;
      try {
        engine.call(request.target);
      } catch {
        options.onNotice?.(t('shell.couldNotCall', { target: request.target }));
      }
    }
  };

  const dial = (request: DialRequest): void => {
    pendingDials.push(request);
    if (engine.getSnapshot().registration.state === 'registered') flushDials();
  };

  const reRegister = async (): Promise<void> => {
    if (reRegistering) return;
    resumePending = false;
    reRegistering = true;
    try {
      if (options.reRegister) await options.reRegister();
      else {
        await engine.stop();
        await engine.start();
      }
    } catch (error) {
      options.onNotice?.(
        t('shell.couldNotReRegister', { error: error instanceof Error ? error.message : String(error) }),
      );
    } finally {
      reRegistering = false;
    }
  };

  const firstCall = (states: ReadonlySet<string>): CallSnapshot | undefined =>
    engine.getSnapshot().calls.find((c) => states.has(c.state));

  const offs: Array<() => void> = [
    engine.subscribe(onSnapshot),
    bridge.on('notify:action', ({ callId, action }) => {
      if (action === 'answer') engine.answer(callId).catch(() => undefined);
      else if (action === 'decline') engine.decline(callId).catch(() => undefined);
    }),
    bridge.on('shortcut:fired', ({ action }) => {
      const incoming = firstCall(new Set(['incoming']));
      if (action === 'answer') {
        if (incoming) engine.answer(incoming.id).catch(() => undefined);
        return;
      }
      const live = firstCall(LIVE_STATES);
      if (live) engine.hangup(live.id).catch(() => undefined);
      else if (incoming) engine.decline(incoming.id).catch(() => undefined);
    }),
    bridge.on('links:dial', dial),
    bridge.on('system:resumed', ({ reason }) => {
      options.onNotice?.(t(RESUME_TEXT[reason]));
      resumePending = true;
      onSnapshot();
    }),
    bridge.on('dnd:changed', ({ enabled }) => {
      dnd = enabled;
    }),
    bridge.on('window:focused', () => {
      if (missed === 0) return;
      missed = 0;
      pushTray(engine.getSnapshot());
    }),
  ];

  void (async () => {
    const dndResult = await bridge.invoke('dnd:get');
    if (dndResult.ok && !disposed) dnd = dndResult.value;
    const pending = await bridge.invoke('links:take-pending');
    if (pending.ok && !disposed) for (const request of pending.value) dial(request);
  })();
  onSnapshot();

  return {
    setUnreadMessages(count) {
      unread = Number.isInteger(count) && count > 0 ? Math.min(count, 9999) : 0;
      pushTray(engine.getSnapshot());
    },
    clearMissedCalls() {
      missed = 0;
      pushTray(engine.getSnapshot());
    },
    getMissedCalls: () => missed,
    dispose() {
      disposed = true;
      for (const off of offs) off();
      for (const id of [...ringing]) clearRinging(id);
    },
  };
}
