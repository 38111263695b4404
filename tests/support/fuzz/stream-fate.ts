/**
 * What a TCP mutant does to its connection, worked out before it is sent with the service's own framer
 * and parser: RFC 3261 §18.3 — on a stream the service closes the connection after a message whose end it
 * cannot trust (stream-framer.ts) or that does not parse (sip-core.ts), and waits for the rest of one that
 * is incomplete. The fuzzer sends nothing after such a mutant on that connection (bytes behind it would
 * be read as the middle of the broken message, or never), and checks that the service did close it.
 */
import { parseMessage } from '../../../server/src/sip/message/parse-message.js';
import { StreamFramer } from '../../../server/src/sip/transport/stream-framer.js';

/** The service's default message limit (sip-service.ts) and its stream frame limit (4×). */
export const SERVICE_MAX_MESSAGE_BYTES = 65_536;
const SERVICE_MAX_FRAME_BYTES = SERVICE_MAX_MESSAGE_BYTES * 4;

/**
 * - `open`: every message in it parses; the connection goes on.
 * - `closes`: the service answers what it can and closes the connection by itself.
 * - `incomplete`: the service waits for bytes that would be the next message; the fuzzer ends the
 *   connection instead.
 */
export type StreamFate = 'open' | 'closes' | 'incomplete';

export function streamFate(bytes: Buffer): StreamFate {
  const framer = new StreamFramer(SERVICE_MAX_FRAME_BYTES);
  for (const event of framer.push(bytes)) {
    if (event.kind === 'error') return 'closes';
    if (event.kind !== 'message') continue;
    if (!parseMessage(event.text, { maxBytes: SERVICE_MAX_MESSAGE_BYTES }).ok) return 'closes';
  }
  return framer.pending > 0 ? 'incomplete' : 'open';
}
