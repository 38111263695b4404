/**
 * The service's event packages as one `SipSubscriptionHooks` for the SIP room: each SUBSCRIBE is offered
 * to the package that owns its event; one for an event no package serves is answered
 * `489 Bad Event` with `Allow-Events` naming the ones we serve (RFC 6665 §4.2.1.2, §8.2.2).
 */
import type { LocalSubscribeRequest, SipSubscriptionHooks } from '../sip/sip-service-contract.js';

export interface EventPackageHooks {
  /** Event package names (lowercase) these hooks serve. */
  readonly events: readonly string[];
  readonly hooks: SipSubscriptionHooks;
}

export function combineSubscriptionHooks(packages: readonly EventPackageHooks[]): SipSubscriptionHooks {
  const allowEvents = packages.flatMap((p) => p.events).join(', ');
  return {
    handleSubscribe(req: LocalSubscribeRequest): boolean {
      const owner = packages.find((p) => p.events.includes(req.event));
      if (owner) return owner.hooks.handleSubscribe(req);
      req.respond(489, [{ name: 'Allow-Events', value: allowEvents }]);
      return true;
    },
    onResponse: (branch, status) => packages.some((p) => p.hooks.onResponse(branch, status)),
    onFlowClosed(flowId) {
      for (const p of packages) p.hooks.onFlowClosed(flowId);
    },
  };
}
