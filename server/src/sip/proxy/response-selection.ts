/**
 * Choosing the best final response of a response context (RFC 3261 §16.7 step 6).
 */

/** 4xx responses that tell the caller how to resubmit: preferred within the 4xx class (§16.7 step 6). */
const RESUBMIT_HINTS = [401, 407, 415, 420, 484];

/**
 * Index of the response to forward among final `statuses` (in arrival order), or `undefined` when
 * there is none (the proxy then answers 408, §16.7 step 6).
 * - any 6xx wins (the first received);
 * - otherwise the lowest class;
 * - within 4xx, responses that help resubmission first, then 486 Busy Here (more useful to a
 *   caller than 480/408/487 from another device), then the first received.
 */
export function selectBestResponse(statuses: readonly number[]): number | undefined {
  const finals = statuses.map((s, i) => ({ s, i })).filter(({ s }) => s >= 200 && s < 700);
  if (finals.length === 0) return undefined;
  const six = finals.find(({ s }) => s >= 600);
  if (six) return six.i;
  const lowestClass = Math.min(...finals.map(({ s }) => Math.floor(s / 100)));
  const inClass = finals.filter(({ s }) => Math.floor(s / 100) === lowestClass);
  if (lowestClass === 4) {
    for (const preferred of [...RESUBMIT_HINTS, 486]) {
      const hit = inClass.find(({ s }) => s === preferred);
      if (hit) return hit.i;
    }
  }
  return inClass[0]?.i;
}

/** A 503 from downstream is forwarded as 500 (§16.7 step 6: it would mean "this proxy" is unavailable). */
export function statusToForward(status: number): number {
  return status === 503 ? 500 : status;
}
