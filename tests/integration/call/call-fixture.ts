/** Shared set-up for the call integration tests: the real service and Node phones on it. */
import type { NodePhone, NodePhoneOptions } from '../../support/engine/node-phone.js';
import { createNodePhone } from '../../support/engine/node-phone.js';
import type { TestService } from '../../support/service/test-service.js';

export interface Phones {
  /** A registered phone for a fresh account (created on first use of the name). */
  phone(username: string, opts?: Pick<NodePhoneOptions, 'toneHz' | 'engine'>): Promise<NodePhone>;
  closeAll(): Promise<void>;
}

export function phonesOn(service: () => TestService): Phones {
  const open: NodePhone[] = [];
  const accounts = new Map<string, string>();
  return {
    async phone(username, opts = {}) {
      const svc = service();
      let password = accounts.get(username);
      if (password === undefined) {
        password = (await svc.createAccount(username)).password;
        accounts.set(username, password);
      }
      const phone = await createNodePhone({
        sipUrl: svc.sipUrl,
        domain: svc.domain,
        username,
        password,
        ...opts,
      });
      open.push(phone);
      await phone.engine.start();
      return phone;
    },
    async closeAll() {
      await Promise.all(open.splice(0).map((p) => p.close()));
    },
  };
}

let counter = 0;
/** A username unique within this process (accounts persist for the service's lifetime). */
export function uniqueName(base: string): string {
  counter += 1;
  return `${base}${counter}`;
}
