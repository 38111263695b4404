/** The messaging room's public face (see messaging-service.ts for the wiring). */
export {
  MessagingService,
  type AcceptResult,
  type MarkReadResult,
  type MessagingServiceOptions,
} from './messaging-service.js';
export type { DeliveryOutcome, DeliveryReport, DeviceSender, OutboundMessage } from './outbound-message.js';
export type { InboundDecision, InboundMessageRequest } from './sip-message-policy.js';
export { createMessagingHttpHandlers, type HttpResult, type MessagingRoute } from './http-handlers.js';
