/**
 * A raw SIP-over-WebSocket socket (RFC 7118): send hand-written requests, read status lines back.
 * For tests of what a full UA never sends (malformed requests, floods).
 */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { digestAnswer } from '../sip/raw-sip-client.js';

export interface RawResponse {
  readonly status: number;
  readonly reason: string;
  readonly callId: string;
  readonly text: string;
}

export interface RawSipSocket {
  /** Sends one SIP message as one WebSocket text frame. */
  send(text: string): void;
  /**
   * Resolves with the oldest not yet read response whose Call-ID matches (any if omitted), waiting for
   * it if needed; null after `timeoutMs`.
   */
  nextResponse(callId?: string, timeoutMs?: number): Promise<RawResponse | null>;
  /** Every response received so far. */
  readonly responses: readonly RawResponse[];
  close(): void;
}

function parse(text: string): RawResponse | null {
  const status = /^SIP\/2\.0 (\d{3}) ([^\r\n]*)/.exec(text);
  if (!status) return null;
  const callId = /^(?:Call-ID|i)\s*:\s*(\S+)/im.exec(text)?.[1] ?? '';
  return { status: Number(status[1]), reason: status[2] ?? '', callId, text };
}

export async function openRawSipSocket(url: string): Promise<RawSipSocket> {
  const ws = new WebSocket(url, 'sip');
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const responses: RawResponse[] = [];
  // Responses no nextResponse() has taken yet, oldest first.
  const unread: RawResponse[] = [];
  const waiters: { callId?: string; resolve: (r: RawResponse | null) => void }[] = [];
  const matches = (callId: string | undefined, r: RawResponse): boolean =>
    callId === undefined || callId === r.callId;
  ws.on('message', (data) => {
    const response = parse(data.toString());
    if (!response) return;
    responses.push(response);
    const index = waiters.findIndex((w) => matches(w.callId, response));
    if (index >= 0) waiters.splice(index, 1)[0]!.resolve(response);
    else unread.push(response);
  });
  return {
    send: (text) => ws.send(text),
    responses,
    nextResponse: (callId, timeoutMs = 5000) =>
      new Promise((resolve) => {
        const ready = unread.findIndex((r) => matches(callId, r));
        if (ready >= 0) return resolve(unread.splice(ready, 1)[0]!);
        const waiter = {
          callId,
          resolve: (r: RawResponse | null) => {
            clearTimeout(timer);
            resolve(r);
          },
        };
        const timer = setTimeout(() => {
          const index = waiters.indexOf(waiter);
          if (index >= 0) waiters.splice(index, 1);
          resolve(null);
        }, timeoutMs);
        waiters.push(waiter);
      }),
    close: () => ws.close(),
  };
}

export interface RequestOptions {
  method: string;
  requestUri: string;
  from: string;
  to: string;
  callId?: string;
  cseq?: number;
  extraHeaders?: readonly string[];
  body?: string;
}

/** Builds an out-of-dialog request from a WebSocket client (Via transport WS, *.invalid host, like SIP.js). */
export function buildRequest(options: RequestOptions): { text: string; callId: string } {
  const callId = options.callId ?? randomBytes(8).toString('hex');
  const body = options.body ?? '';
  const lines = [
    `${options.method} ${options.requestUri} SIP/2.0`,
    `Via: SIP/2.0/WS ${randomBytes(4).toString('hex')}.invalid;branch=z9hG4bK${randomBytes(8).toString('hex')}`,
    'Max-Forwards: 70',
    `From: <${options.from}>;tag=${randomBytes(4).toString('hex')}`,
    `To: <${options.to}>`,
    `Call-ID: ${callId}`,
    `CSeq: ${options.cseq ?? 1} ${options.method}`,
    ...(options.extraHeaders ?? []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ];
  return { text: lines.join('\r\n'), callId };
}

/**
 * The `Authorization` / `Proxy-Authorization` header answering a 401/407 challenge, as a UA would
 * (RFC 2617 §3.2.2, qop=auth): the first digest challenge of the response, answered by the same
 * `digestAnswer` the service's own raw SIP tests use.
 */
export function digestAuthorization(options: {
  challenge: RawResponse;
  method: string;
  uri: string;
  username: string;
  password: string;
}): { header: string } {
  const challenge = /^(?:WWW|Proxy)-Authenticate:\s*(Digest\s+.*)$/im.exec(options.challenge.text)?.[1];
  if (!challenge) throw new Error('no digest challenge in response');
  const name = options.challenge.status === 407 ? 'Proxy-Authorization' : 'Authorization';
  const { method, uri, username, password } = options;
  return { header: `${name}: ${digestAnswer(challenge.trim(), { username, password, method, uri })}` };
}

/**
 * Sends `request`, answers its digest challenge with `credentials` the way a UA does (same Call-ID,
 * CSeq 2, the `Authorization` header added; RFC 3261 §22.2) and returns the challenge and the response
 * to the authenticated request (null if none came in time).
 */
export async function requestWithDigest(
  socket: RawSipSocket,
  request: RequestOptions,
  credentials: { readonly username: string; readonly password: string },
): Promise<{ challenge: RawResponse; response: RawResponse | null }> {
  const first = buildRequest(request);
  socket.send(first.text);
  const challenge = await socket.nextResponse(first.callId);
  if (!challenge) throw new Error(`no answer to ${request.method} ${request.requestUri}`);
  const { header } = digestAuthorization({
    challenge,
    method: request.method,
    uri: request.requestUri,
    username: credentials.username,
    password: credentials.password,
  });
  socket.send(
    buildRequest({
      ...request,
      callId: first.callId,
      cseq: 2,
      extraHeaders: [...(request.extraHeaders ?? []), header],
    }).text,
  );
  return { challenge, response: await socket.nextResponse(first.callId) };
}
