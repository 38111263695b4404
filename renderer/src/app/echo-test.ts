/**
 * "Check my setup" → test call: calls the service's echo agent (`echo@DOMAIN`), lets the caller hear
 * themself for a few seconds, hangs up, and turns the call's quality readings (the same E-model estimate
 * as the call-quality indicator, ITU-T G.107) into a result with advice. React-free; the UI reads
 * `EchoTestState` from the devices hub.
 */
import { t } from '../i18n/i18n.js';
import type { CallQuality, CallSnapshot } from '../engine/phone-engine-contract.js';
import { endReasonText } from './call-text.js';

export interface EchoTestResult {
  readonly rttMs?: number;
  readonly jitterMs?: number;
  readonly lossPercent?: number;
  readonly mos?: number;
  readonly level: CallQuality['level'];
  /** Loudest reading of our microphone as sent (0..1). */
  readonly micLevel: number;
  /** Loudest reading of the echo as received (0..1). */
  readonly echoLevel: number;
  /** What to do about it; empty when all is well. */
  readonly advice: readonly string[];
}

export type EchoTestState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'calling' }
  | { readonly phase: 'listening'; readonly secondsLeft: number }
  | { readonly phase: 'done'; readonly result: EchoTestResult }
  | { readonly phase: 'failed'; readonly message: string };

export const ECHO_USERNAME = 'echo';

/** Quiet below this level (WebRTC `audioLevel`, 0..1, linear): a silent or muted microphone. */
const SILENT = 0.003;

/** The result and its advice, from the quality readings of the test call. Pure. */
export function echoTestResult(readings: readonly CallQuality[]): EchoTestResult {
  const last = [...readings].reverse().find((q) => q.rttMs !== undefined) ?? readings[readings.length - 1];
  const micLevel = Math.max(0, ...readings.map((q) => q.audioLevelOut ?? 0));
  const echoLevel = Math.max(0, ...readings.map((q) => q.audioLevelIn ?? 0));
  const advice: string[] = [];
  if (micLevel < SILENT) advice.push(t('echo.advice.noMic'));
  else if (echoLevel < SILENT) advice.push(t('echo.advice.noEcho'));
  if ((last?.rttMs ?? 0) > 300) advice.push(t('echo.advice.slow'));
  if ((last?.lossPercent ?? 0) > 3) advice.push(t('echo.advice.loss'));
  if ((last?.jitterMs ?? 0) > 30) advice.push(t('echo.advice.jitter'));
  return {
    ...(last?.rttMs !== undefined ? { rttMs: last.rttMs } : {}),
    ...(last?.jitterMs !== undefined ? { jitterMs: last.jitterMs } : {}),
    ...(last?.lossPercent !== undefined ? { lossPercent: last.lossPercent } : {}),
    ...(last?.mos !== undefined ? { mos: last.mos } : {}),
    level: advice.length > 0 && last?.level === 'good' ? 'fair' : (last?.level ?? 'poor'),
    micLevel,
    echoLevel,
    advice,
  };
}

export interface EchoTestDeps {
  /** Dials; returns the call id or undefined (the store says why). */
  call(target: string): string | undefined;
  hangup(callId: string): Promise<void>;
  /** The call as it stands now. */
  callById(callId: string): CallSnapshot | undefined;
  /** Runs `listener` after every change of the phone's state. */
  subscribe(listener: () => void): () => void;
  onState(state: EchoTestState): void;
  /** How long the caller hears themself (default 6 s). */
  readonly listenMs?: number;
}

/** Runs one test call; resolves with the final state. */
export function runEchoTest(deps: EchoTestDeps): Promise<EchoTestState> {
  const listenMs = deps.listenMs ?? 6000;
  return new Promise((resolve) => {
    const id = deps.call(ECHO_USERNAME);
    if (!id) {
      const failed: EchoTestState = {
        phase: 'failed',
        message: t('echo.couldNotStart'),
      };
      deps.onState(failed);
      resolve(failed);
      return;
    }
    deps.onState({ phase: 'calling' });
    const readings: CallQuality[] = [];
    let startedAt: number | undefined;
    let tick: ReturnType<typeof setInterval> | undefined;
    const finish = (state: EchoTestState): void => {
      if (tick) clearInterval(tick);
      off();
      deps.onState(state);
      resolve(state);
    };
    const check = (): void => {
      const call = deps.callById(id);
      if (call?.quality && readings[readings.length - 1] !== call.quality) readings.push(call.quality);
      if (!call || call.state === 'ended') {
        if (startedAt !== undefined && Date.now() - startedAt >= listenMs - 50)
          finish({ phase: 'done', result: echoTestResult(readings) });
        else if (call && startedAt === undefined) finish({ phase: 'failed', message: endReasonText(call) });
        else finish({ phase: 'failed', message: t('echo.endedEarly') });
        return;
      }
      if (call.state === 'active' && startedAt === undefined) {
        startedAt = Date.now();
        deps.onState({ phase: 'listening', secondsLeft: Math.ceil(listenMs / 1000) });
        tick = setInterval(() => {
          const left = listenMs - (Date.now() - (startedAt ?? 0));
          if (left > 0) deps.onState({ phase: 'listening', secondsLeft: Math.ceil(left / 1000) });
          else void deps.hangup(id);
        }, 250);
      }
    };
    const off = deps.subscribe(check);
    check();
  });
}
