/**
 * A flow (RFC 5626 §3): one connection between a client and this service over which SIP messages
 * travel both ways. The SIP core sees flows, never sockets, so UDP/TCP/TLS transports can be added
 * beside WebSocket without touching the registrar or the proxy.
 */

export type FlowTransport = 'WS' | 'WSS' | 'UDP' | 'TCP' | 'TLS';

export interface Flow {
  /** Unique for the life of the process; short and URI-safe (letters and digits). */
  readonly id: string;
  readonly transport: FlowTransport;
  readonly remote: { readonly address: string; readonly port: number };
  /**
   * Our `host:port` as the peer reaches it on this flow, for Via sent-by and Record-Route (UDP/TCP/TLS
   * listeners); absent on WebSocket flows, where the domain names us (the peer routes by connection).
   */
  readonly sentBy?: string;
  /** Sends one SIP message (or a keep-alive). Returns false when the flow is gone. */
  send(text: string): boolean;
  /** Closes the flow (code/reason are transport hints, e.g. WebSocket close codes). */
  close(code?: number, reason?: string): void;
  /**
   * Drops a connection at once, without a closing handshake (a banned source: a flooding peer would keep
   * the graceful close waiting behind its backlog). Absent where there is nothing to drop (UDP).
   */
  abort?(): void;
}

/** What a transport tells the SIP core. */
export interface FlowEvents {
  onFlowOpen(flow: Flow): void;
  onFlowMessage(flow: Flow, text: string): void;
  onFlowClose(flow: Flow): void;
  /**
   * A stream flow whose framing broke (RFC 3261 §18.3, stream-framer.ts): `head` is the header section
   * of the message at fault; a request gets `status` when it can be answered. The transport closes the
   * flow right after; nothing more is read from it.
   */
  onFlowUnframable?(flow: Flow, head: string, status: number, reason: string): void;
}

/** A transport delivers flows to the core. */
export interface SipTransport {
  close(): Promise<void>;
}
