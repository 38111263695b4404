/**
 * An agent's line to the service (voicemail, echo): its user agent (./agent-user-agent.ts) registered
 * over the service's WebSocket, kept registered (a lost connection is reconnected with backoff, 0.5 s
 * doubling to 30 s, and registered again), and every incoming call handed to `onInvite` with its failures
 * answered on that call (500 while it is still unanswered) and never left as an unhandled rejection,
 * which would stop the whole service process.
 */
import { Registerer, SessionState, type Invitation, type UserAgent } from 'sip.js';
import WebSocket from 'ws';
import { createAgentUserAgent, type AgentUserAgentOptions } from './agent-user-agent.js';

// SIP.js's transport uses the global WebSocket (FIELD-NOTES); Node 20 has none.
if (!('WebSocket' in globalThis)) (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;

export interface AgentLineOptions extends Omit<AgentUserAgentOptions, 'delegate'> {
  /** Names the agent in errors and logs ("voicemail", "echo"). */
  readonly name: string;
  readonly onInvite: (invitation: Invitation) => Promise<void>;
}

export interface AgentLine {
  readonly ua: UserAgent;
  /** True from `stop()` on: new calls are refused, the line is not reconnected. */
  readonly stopping: boolean;
  /** Refuses new calls, runs `endCalls` (the agent ends its calls), then unregisters and disconnects. */
  stop(endCalls?: () => Promise<void>): Promise<void>;
}

/** Starts the line and resolves once it is registered (RFC 3261 §10); rejects when refused or after 10 s. */
export async function startAgentLine(options: AgentLineOptions): Promise<AgentLine> {
  const { logger, name } = options;
  let stopping = false;
  const ua = createAgentUserAgent({
    ...options,
    delegate: {
      onInvite: (invitation) =>
        void options.onInvite(invitation).catch((error: unknown) => {
          logger.warn(
            { tnx: `${name}-invite-failed`, callId: invitation.request.callId, error: String(error) },
            `${name} call failed`,
          );
          if (invitation.state === SessionState.Initial)
            void invitation.reject({ statusCode: 500 }).catch(() => undefined);
        }),
      onDisconnect: (error) => {
        if (stopping) return;
        logger.warn(
          { tnx: 'sip-disconnect', error: error?.message },
          'agent lost its SIP connection; reconnecting',
        );
        void reconnect();
      },
    },
  });
  const registerer = new Registerer(ua, { expires: 300, refreshFrequency: 90 });

  const reconnect = async (): Promise<void> => {
    for (let delay = 500; !stopping; delay = Math.min(delay * 2, 30_000)) {
      await new Promise((r) => setTimeout(r, delay));
      if (stopping) return;
      try {
        await ua.reconnect();
        await registerer.register();
        logger.info({ tnx: 'sip-reconnected' }, 'agent registered again');
        return;
      } catch (error) {
        logger.warn(
          { tnx: 'sip-reconnect', error: (error as Error).message, retryInMs: delay },
          'reconnect failed',
        );
      }
    }
  };

  try {
    await ua.start();
    await registered(registerer, name);
  } catch (error) {
    // Never leave a half-open connection behind (it would hold the service's close).
    stopping = true;
    await ua.stop().catch(() => undefined);
    throw error;
  }
  return {
    ua,
    get stopping() {
      return stopping;
    },
    async stop(endCalls) {
      stopping = true;
      await endCalls?.();
      await registerer.unregister().catch(() => undefined);
      await ua.stop().catch(() => undefined);
    },
  };
}

function registered(registerer: Registerer, name: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} agent: REGISTER timed out`)), 10_000);
    registerer.stateChange.addListener((state) => {
      if (state === 'Registered') {
        clearTimeout(timer);
        resolve();
      }
    });
    registerer
      .register({
        requestDelegate: {
          onReject: (response) => {
            clearTimeout(timer);
            reject(new Error(`${name} agent: REGISTER refused ${response.message.statusCode}`));
          },
        },
      })
      .catch((error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      });
  });
}
