import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../../../common/logger.js';
import {
  MessagingService,
  type MessagingServiceOptions,
} from '../../../../server/src/messaging/messaging-service.js';
import type {
  DeliveryOutcome,
  DeliveryReport,
  OutboundMessage,
} from '../../../../server/src/messaging/outbound-message.js';
import { openMemoryStore } from '../../../support/store/memory-store.js';

export const USERS = new Set(['alice', 'bob', 'carol']);

export async function makeService(
  overrides: Partial<MessagingServiceOptions> = {},
): Promise<MessagingService> {
  return new MessagingService({
    store: (await openMemoryStore()).messages,
    domain: 'example.test',
    userExists: async (u) => USERS.has(u),
    logger: silentLogger,
    ...overrides,
  });
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'parley-msg-'));
}

/** A fake proxy: records every MESSAGE per user and answers with `outcome(user, message)`. */
export class FakeDevices {
  readonly sent: { user: string; message: OutboundMessage }[] = [];
  outcome: (user: string, message: OutboundMessage) => DeliveryOutcome | DeliveryReport = () => 'delivered';

  readonly send = async (
    user: string,
    message: OutboundMessage,
  ): Promise<DeliveryOutcome | DeliveryReport> => {
    this.sent.push({ user, message });
    await Promise.resolve();
    return this.outcome(user, message);
  };

  chatTo(user: string): OutboundMessage[] {
    return this.sent
      .filter((s) => s.user === user && s.message.contentType.startsWith('text/plain'))
      .map((s) => s.message);
  }

  receiptsTo(
    user: string,
  ): { type: string; peer: string; ids: string[]; failure?: { status: number; reason: string } }[] {
    return this.sent
      .filter((s) => s.user === user && s.message.contentType.includes('receipt'))
      .map(
        (s) =>
          JSON.parse(s.message.body) as {
            type: string;
            peer: string;
            ids: string[];
            failure?: { status: number; reason: string };
          },
      );
  }
}

/** Lets setImmediate-scheduled deliveries start and their microtasks finish. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}
