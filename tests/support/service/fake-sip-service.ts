/**
 * A SIP room stand-in for tests of the HTTP side: presence is whatever the test sets, and setting it
 * fires `onPresenceChange` like the real registrar does. Pass it as
 * `startTestService({ serviceOptions: { createSip: fake.create } })`.
 */
import type { PresenceStatus } from '../../../common/api-types.js';
import type { SipService, SipServiceOptions } from '../../../server/src/sip/sip-service-contract.js';

export interface FakeSipService {
  readonly create: (options: SipServiceOptions) => SipService;
  /** The options the service passed in (the last `create`). */
  readonly options: () => SipServiceOptions | undefined;
  setPresence(username: string, presence: PresenceStatus): void;
}

export function createFakeSipService(): FakeSipService {
  const presence = new Map<string, PresenceStatus>();
  const listeners = new Set<(username: string) => void>();
  let lastOptions: SipServiceOptions | undefined;
  return {
    options: () => lastOptions,
    create(options) {
      lastOptions = options;
      return {
        attach: () => undefined,
        listen: async () => [],
        listeners: [],
        transactionCounts: () => ({ servers: 0, clients: 0 }),
        presenceOf: (username) => presence.get(username) ?? 'offline',
        onPresenceChange(listener) {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        close: async () => {
          listeners.clear();
        },
      };
    },
    setPresence(username, status) {
      presence.set(username, status);
      for (const listener of [...listeners]) listener(username);
    },
  };
}
