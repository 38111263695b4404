/**
 * The pieces every IPC validator is made of (ipc-validators.ts and its per-feature neighbours): the
 * result type, plain-object and control-character checks. Data from the renderer is untrusted
 * (Signal-Desktop habit): plain objects with known keys only, bounded strings without control characters.
 */
export type Validation<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };
export type Validator<T> = (input: unknown) => Validation<T>;

export const ok = <T>(value: T): Validation<T> => ({ ok: true, value });
export const bad = <T>(message: string): Validation<T> => ({ ok: false, message });

// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL_RE = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL_EXCEPT_NEWLINE_RE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]/;

/** An object literal's shape (no class instance, array or null), as structured clone delivers it. */
export function isPlainObject(input: unknown): input is Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  const proto = Object.getPrototypeOf(input) as unknown;
  return proto === Object.prototype || proto === null;
}
