/**
 * Keeps the gateway registered with the trunks whose `register` is true (RFC 3261 §10.2): REGISTER to the
 * carrier with the trunk's credentials (digest on 401/407, §22.2), refreshed before the granted expiry
 * runs out, retried every 30 s while the carrier refuses or does not answer.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Logger } from '../../../../common/logger.js';
import type { GatewayLink } from '../../sip/core/gateway-hook.js';
import type { ParsedResponse } from '../../sip/message/parse-message.js';
import type { SipMessage } from '../../sip/message/sip-message.js';
import type { GatewayPolicy, Trunk } from '../gateway-policy.js';
import { answerChallenge } from './digest-client.js';
import { newBranch, newRequest, token } from './sip-dialog.js';

const REQUESTED_SECONDS = 600;
const RETRY_MS = 30_000;

export interface TrunkRegistrations {
  /** Registers every trunk that asks for it (call once the SIP listeners are bound). */
  start(): void;
  /** Trunk name → registered until (ms since epoch), for tests and logs. */
  readonly state: ReadonlyMap<string, number>;
  stop(): void;
}

export function createTrunkRegistrations(
  link: GatewayLink,
  policy: GatewayPolicy,
  logger: Logger,
): TrunkRegistrations {
  const timers = new Map<string, NodeJS.Timeout>();
  const state = new Map<string, number>();
  const callIds = new Map<string, { callId: string; cseq: number; tag: string }>();
  let stopped = false;

  const schedule = (name: string, ms: number): void => {
    if (stopped) return;
    clearTimeout(timers.get(name));
    const t = setTimeout(() => {
      const trunk = policy.config().trunks.find((x) => x.name === name && x.register);
      if (trunk) void register(trunk);
    }, ms);
    t.unref();
    timers.set(name, t);
  };

  const register = async (trunk: Trunk, authorization?: { name: string; value: string }): Promise<void> => {
    try {
      const address = isIP(trunk.host) ? trunk.host : (await lookup(trunk.host)).address;
      const flow = await link.flowTo(trunk.transport, address, trunk.port);
      const ids = callIds.get(trunk.name) ?? { callId: token(12), cseq: 0, tag: token() };
      ids.cseq += 1;
      callIds.set(trunk.name, ids);
      const sentBy = flow.sentBy ?? link.domain;
      const aor = `sip:${trunk.username ?? trunk.callerId}@${trunk.host}`;
      const branch = newBranch();
      const params = trunk.transport === 'udp' ? '' : `;transport=${trunk.transport}`;
      const uri = `sip:${trunk.host}:${trunk.port}${params}`;
      const request: SipMessage = newRequest({
        method: 'REGISTER',
        uri,
        via: `SIP/2.0/${flow.transport} ${sentBy};branch=${branch}${flow.transport === 'UDP' ? ';rport' : ''}`,
        from: `<${aor}>;tag=${ids.tag}`,
        to: `<${aor}>`,
        callId: ids.callId,
        cseq: ids.cseq,
        headers: [
          { name: 'Contact', value: `<sip:gateway@${sentBy}${params}>` },
          { name: 'Expires', value: String(REQUESTED_SECONDS) },
          ...(authorization ? [authorization] : []),
        ],
      });
      link.sendRequest(flow, branch, request, {
        onResponse: (res) => onResponse(trunk, uri, res, authorization !== undefined),
        onTimeout: () => failed(trunk, 'no answer'),
        onTransportError: () => failed(trunk, 'transport error'),
      });
    } catch (err) {
      failed(trunk, String(err));
    }
  };

  const onResponse = (trunk: Trunk, uri: string, res: ParsedResponse, answered: boolean): void => {
    if (res.status < 200) return;
    if ((res.status === 401 || res.status === 407) && !answered && trunk.username) {
      const challenges = res.message.getAll(res.status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate');
      const answer = answerChallenge(
        res.status,
        challenges,
        { username: trunk.username, password: trunk.password ?? '' },
        'REGISTER',
        uri,
      );
      if (answer) {
        void register(trunk, answer);
        return;
      }
    }
    if (res.status >= 300) {
      failed(trunk, `${res.status}`);
      return;
    }
    // §10.2.4: the expiry granted is the Contact's expires parameter, else the Expires field.
    const fromContact = /;\s*expires=(\d+)/i.exec(res.message.get('Contact') ?? '')?.[1];
    const seconds =
      Number(fromContact ?? res.message.get('Expires') ?? REQUESTED_SECONDS) || REQUESTED_SECONDS;
    state.set(trunk.name, Date.now() + seconds * 1000);
    logger.info({ tnx: 'trunk-register', trunk: trunk.name, seconds }, 'registered with the trunk');
    schedule(trunk.name, Math.max(1000, seconds * 800));
  };

  const failed = (trunk: Trunk, why: string): void => {
    state.delete(trunk.name);
    logger.warn({ tnx: 'trunk-register', trunk: trunk.name, why }, 'trunk registration failed; retrying');
    schedule(trunk.name, RETRY_MS);
  };

  return {
    start() {
      for (const trunk of policy.config().trunks) if (trunk.register) void register(trunk);
    },
    state,
    stop() {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
