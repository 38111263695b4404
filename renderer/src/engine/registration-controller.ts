/**
 * Keeps one user agent registered (RFC 3261 §10) and says how it is going.
 *
 *   idle ──start()──► connecting ──2xx──► registered ──stop()──► stopped
 *                        │  ▲                 │
 *       401/403, no ws   │  └── backoff ◄─────┘ WebSocket dropped (reconnect, re-REGISTER)
 *                        ▼
 *                      failed (error: "Wrong username or password", …) ──start()──► connecting
 *
 * Rules:
 * - `start()` resolves once registered and rejects with the human reason otherwise.
 * - A refused REGISTER (401/403 after our credentials were tried) is final: no retry loop.
 * - When the WebSocket drops after we were registered, reconnect with exponential backoff
 *   (plus jitter, capped) and REGISTER again: the service drops bindings with their connection.
 * - Refreshing before expiry is SIP.js's `Registerer` (at 90 % of the granted lifetime).
 */
import { Registerer, RegistererState, UserAgentState } from 'sip.js';
import type { UserAgent } from 'sip.js';
import type { Logger } from '../../../common/logger.js';
import { registrationErrorMessage } from './call-outcome.js';
import type { RegistrationState } from './phone-engine-contract.js';

export interface RegistrationControllerOptions {
  readonly expiresSec: number;
  readonly reconnectDelayMs: { readonly initial: number; readonly max: number };
  readonly logger: Logger;
  readonly onChange: () => void;
}

/** A final answer to our REGISTER that retrying will not change. */
class RegistrationRefused extends Error {
  /** Wrong credentials or no such user: retrying with the same credentials cannot help. */
  readonly final: boolean;
  constructor(
    readonly statusCode: number,
    reasonPhrase: string,
  ) {
    super(registrationErrorMessage(statusCode, reasonPhrase));
    this.final = [401, 403, 404, 407].includes(statusCode);
  }
}

/** Longer than SIP's transaction timeout (Timer F, 64·T1 = 32 s, RFC 3261 §17.1.2.2). */
const REGISTER_GUARD_MS = 33_000;

export class RegistrationController {
  state: RegistrationState = 'idle';
  error: string | undefined;
  private registerer: Registerer;
  private everRegistered = false;
  private stopping = false;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  /** A reconnect attempt is running (a timer's, or `reconnectNow()`'s). */
  private inFlight = false;

  constructor(
    private readonly ua: UserAgent,
    private readonly options: RegistrationControllerOptions,
  ) {
    this.registerer = this.makeRegisterer();
  }

  /** `UserAgent.stop()` terminates its registerers: a new start needs a new one. */
  private makeRegisterer(): Registerer {
    const registerer = new Registerer(this.ua, { expires: this.options.expiresSec, refreshFrequency: 90 });
    registerer.stateChange.addListener((state) => {
      if (state === RegistererState.Registered) this.everRegistered = true;
      // A refresh that failed while we believed we were registered: try again like a dropped socket.
      if (state === RegistererState.Unregistered && this.state === 'registered' && !this.stopping) {
        this.options.logger.warn({ tnx: 'register' }, 'registration lost');
        this.set('connecting');
        this.scheduleReconnect();
      }
    });
    return registerer;
  }

  async start(): Promise<void> {
    if (this.state === 'registered') return;
    this.stopping = false;
    this.set('connecting');
    if (this.registerer.state === RegistererState.Terminated) this.registerer = this.makeRegisterer();
    try {
      // A stopped user agent (first start, or after stop()) starts; a started one whose socket
      // failed reconnects.
      if (this.ua.state !== UserAgentState.Started) {
        await this.ua.start();
      } else if (!this.ua.isConnected()) {
        await this.ua.reconnect();
      }
    } catch (error) {
      this.options.logger.warn({ tnx: 'register', error: String(error) }, 'cannot connect');
      this.fail(registrationErrorMessage(undefined));
      throw new Error(this.error);
    }
    try {
      await this.register();
      this.attempt = 0;
      this.set('registered');
    } catch (error) {
      this.fail(error instanceof Error ? error.message : registrationErrorMessage(undefined));
      throw new Error(this.error);
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    if (this.registerer.state === RegistererState.Registered && this.ua.isConnected()) {
      await this.registerer.unregister().catch(() => undefined);
    }
    this.set('stopped');
  }

  /** From `UserAgentDelegate.onDisconnect`: `error` is set when the socket dropped on its own. */
  handleDisconnect(error?: Error): void {
    if (!error || this.stopping || !this.everRegistered || this.state === 'failed') return;
    this.options.logger.warn({ tnx: 'register', error: error.message }, 'connection lost');
    this.set('connecting');
    this.scheduleReconnect();
  }

  /** The network came back (or changed): try now instead of waiting out the back-off. */
  reconnectNow(): void {
    if (this.stopping || this.state !== 'connecting' || !this.everRegistered || this.inFlight) return;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.attempt = 0;
    void this.reconnect();
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.stopping) return;
    const { initial, max } = this.options.reconnectDelayMs;
    const base = Math.min(max, initial * 2 ** this.attempt);
    const delay = base / 2 + Math.random() * (base / 2);
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.reconnect();
    }, delay);
  }

  private async reconnect(): Promise<void> {
    if (this.inFlight) return;
    this.inFlight = true;
    try {
      if (!this.ua.isConnected()) await this.ua.reconnect();
      await this.register();
      if (this.stopping) return;
      this.attempt = 0;
      this.set('registered');
    } catch (error) {
      if (this.stopping) return;
      if (error instanceof RegistrationRefused && error.final) {
        this.fail(error.message);
        return;
      }
      this.options.logger.debug({ tnx: 'register', error: String(error) }, 'reconnect failed');
      this.scheduleReconnect();
    } finally {
      this.inFlight = false;
    }
  }

  /** Sends REGISTER and settles on the final response (or a timeout / transport failure). */
  private register(): Promise<void> {
    const registerer = this.registerer;
    return new Promise<void>((resolve, reject) => {
      let refused: RegistrationRefused | undefined;
      let settled = false;
      const onState = (state: RegistererState): void => {
        // SIP.js moves to Unregistered just before calling onReject: let onReject speak first.
        if (state === RegistererState.Unregistered) {
          queueMicrotask(() => settle(refused ?? new Error(registrationErrorMessage(undefined))));
        }
      };
      const guard = setTimeout(() => settle(new Error(registrationErrorMessage(408))), REGISTER_GUARD_MS);
      const settle = (error?: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(guard);
        registerer.stateChange.removeListener(onState);
        if (error) reject(error);
        else resolve();
      };
      registerer.stateChange.addListener(onState);
      const delegate = {
        onAccept: () => settle(),
        onReject: (response: { message: { statusCode?: number; reasonPhrase?: string } }) => {
          refused = new RegistrationRefused(
            response.message.statusCode ?? 0,
            response.message.reasonPhrase ?? '',
          );
          settle(refused);
        },
      };
      try {
        registerer
          .register({ requestDelegate: delegate })
          .catch((error: unknown) => settle(error instanceof Error ? error : new Error(String(error))));
      } catch (error) {
        // SIP.js throws synchronously when the registerer is terminated.
        settle(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  private fail(message: string | undefined): void {
    this.error = message ?? registrationErrorMessage(undefined);
    this.state = 'failed';
    this.options.onChange();
  }

  private set(state: RegistrationState): void {
    if (this.state === state && this.error === undefined) return;
    this.state = state;
    this.error = undefined;
    this.options.onChange();
  }
}
