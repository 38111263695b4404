import { describe, expect, it } from 'vitest';
import {
  selectBestResponse,
  statusToForward,
} from '../../../../../server/src/sip/proxy/response-selection.js';

const pick = (s: number[]): number | undefined => {
  const i = selectBestResponse(s);
  return i === undefined ? undefined : s[i];
};

describe('§16.7 step 6 best response', () => {
  it('chooses a 6xx over anything', () => {
    expect(pick([486, 603, 302])).toBe(603);
  });
  it('otherwise the lowest class', () => {
    expect(pick([486, 302, 500])).toBe(302);
    expect(pick([503, 480])).toBe(480);
  });
  it('prefers 401/407/415/420/484 within 4xx, then 486, then the first received', () => {
    expect(pick([480, 407, 486])).toBe(407);
    expect(pick([487, 480, 486])).toBe(486);
    expect(pick([480, 487, 408])).toBe(480);
  });
  it('ignores provisional responses and has nothing to pick from none', () => {
    expect(pick([180, 183])).toBeUndefined();
    expect(pick([])).toBeUndefined();
  });
  it('turns a forwarded 503 into 500', () => {
    expect(statusToForward(503)).toBe(500);
    expect(statusToForward(486)).toBe(486);
  });
});
