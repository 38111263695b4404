/**
 * Reading a JSON request body: `application/json` only (415 otherwise), at most `limit` bytes (413),
 * well-formed (400 `invalid_json`), and an object at the top (400 `invalid_body`).
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

export const DEFAULT_BODY_LIMIT = 64 * 1024;

export async function readJsonBody(
  req: IncomingMessage,
  limit: number = DEFAULT_BODY_LIMIT,
): Promise<Record<string, unknown>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, 'unsupported_media_type', 'Send the body as application/json.');
  }
  const declared = Number(req.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid_json', 'The body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'invalid_body', 'The body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

function tooLarge(limit: number): HttpError {
  // The rest of the body is not read: ask the client to close so it does not sit in the socket.
  return new HttpError(413, 'payload_too_large', `The body must be at most ${limit} bytes.`, {
    connection: 'close',
  });
}
