/** Messages between a test and tests/support/store/service-child.ts over the IPC channel. */
import type { SipTableSizes } from '../../../server/src/sip/sip-service-contract.js';

export type ChildRequest =
  | { readonly type: 'stats'; readonly id: number; readonly usernames: readonly string[] }
  | { readonly type: 'voicemail'; readonly id: number; readonly callee: string; readonly caller: string };

export type ChildReply =
  | {
      readonly type: 'stats';
      readonly id: number;
      readonly heapUsed: number;
      readonly rss: number;
      readonly tables?: SipTableSizes;
      /** The bound plain SIP listeners. */
      readonly listeners: readonly { readonly protocol: string; readonly port: number }[];
    }
  | { readonly type: 'voicemail'; readonly id: number; readonly outboxId?: string; readonly error?: string };
