/**
 * Request validation by JSON Schema (ajv), and Fastify's own request errors turned into the API's
 * `{ error: { code, message } }` codes.
 *
 * Bodies are checked strictly (no type coercion: `"username": 42` is not a string). Path parameters and
 * query strings arrive as text, so there ajv coerces (`?limit=20` → 20) before checking.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import { HttpError } from './http-error.js';

const ajvOptions = { allErrors: false, useDefaults: true, removeAdditional: false, strict: false } as const;
const bodyAjv = new Ajv({ ...ajvOptions, coerceTypes: false });
const textAjv = new Ajv({ ...ajvOptions, coerceTypes: 'array' });

/** A validation function as Fastify calls it: `errors` is read after a failed call. */
export interface SchemaCheck {
  (data: unknown): boolean;
  errors?: ValidateFunction['errors'];
}

/**
 * Fastify's validator compiler. A request without a body passes its body schema: the handler says what
 * is missing (415 "send JSON", or Basic credentials instead at sign-in).
 */
export function validatorCompiler(input: {
  schema: Record<string, unknown>;
  httpPart?: string;
}): SchemaCheck {
  if (input.httpPart !== 'body') return textAjv.compile(input.schema);
  const validate = bodyAjv.compile(input.schema);
  const check: SchemaCheck = (data) => {
    // Fastify passes a missing body as null; a JSON `null` body is refused by the route (http-app.ts).
    if (data === undefined || data === null) return true;
    const ok = validate(data);
    check.errors = validate.errors;
    return ok;
  };
  return check;
}

interface FastifyishError {
  readonly code?: string;
  readonly statusCode?: number;
  readonly message?: string;
  readonly validation?: readonly FastifySchemaValidationError[];
  readonly validationContext?: string;
}

/**
 * The HttpError for an error Fastify raised itself (validation, content type, body size, JSON syntax);
 * `undefined` for anything else. With `rootOnly`, only "the body is not an object" is mapped.
 */
export function fromFastifyError(error: unknown, rootOnly = false): HttpError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as FastifyishError;
  const validation =
    e.validation ?? (Array.isArray(error) ? (error as FastifySchemaValidationError[]) : undefined);
  if (validation !== undefined) {
    const first = validation[0];
    const context = e.validationContext ?? 'body';
    if (context === 'body' && first !== undefined && first.instancePath === '' && first.keyword === 'type') {
      return new HttpError(400, 'invalid_body', 'The body must be a JSON object.');
    }
    if (rootOnly) return undefined;
    return new HttpError(400, 'invalid_request', describe(context, first));
  }
  if (rootOnly) return undefined;
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError(415, 'unsupported_media_type', 'Send the body as application/json.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      // The rest of the body is not read: ask the client to close so it does not sit in the socket.
      return new HttpError(413, 'payload_too_large', 'The body is larger than this endpoint accepts.', {
        connection: 'close',
      });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new HttpError(400, 'invalid_json', 'The body is not valid JSON.');
    default:
      break;
  }
  if (error instanceof SyntaxError || /prototype|constructor/i.test(e.message ?? '')) {
    if (e.statusCode === 400) return new HttpError(400, 'invalid_json', 'The body is not valid JSON.');
  }
  if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500 && e.code?.startsWith('FST_')) {
    return new HttpError(e.statusCode, 'bad_request', e.message ?? 'Bad request.');
  }
  return undefined;
}

/** e.g. "body/newPassword must be string", "querystring/limit must be <= 200". */
function describe(context: string, error: FastifySchemaValidationError | undefined): string {
  if (error === undefined) return `The ${context} is not valid.`;
  const missing = (error.params as { missingProperty?: string } | undefined)?.missingProperty;
  if (error.keyword === 'required' && missing !== undefined) return `${context}/${missing} is required.`;
  const extra = (error.params as { additionalProperty?: string } | undefined)?.additionalProperty;
  if (error.keyword === 'additionalProperties' && extra !== undefined) {
    return `${context}/${extra} is not a known field.`;
  }
  return `${context}${error.instancePath} ${error.message ?? 'is not valid'}.`;
}
