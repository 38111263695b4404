/**
 * The user's call settings on the service (common/api-types.ts `UserSettings`):
 *   GET /api/settings, PUT /api/settings { ringTimeoutSec } → UserSettings
 *   PUT /api/voicemail/greeting (audio/ogg, Ogg Opus) ; DELETE /api/voicemail/greeting (back to default)
 */
import { t } from '../i18n/i18n.js';
import type { UserSettings } from '../../../common/api-types.js';
import { createServiceRequest, type ServiceRequestOptions } from './service-request.js';
import { VoicemailSourceError } from './voicemail-source.js';

/** Ring time limits the service accepts (seconds). */
export const RING_TIMEOUT_MIN = 5;
export const RING_TIMEOUT_MAX = 120;

export interface CallSettingsApi {
  get(): Promise<UserSettings>;
  setRingTimeout(seconds: number): Promise<UserSettings>;
  /** Uploads a greeting; it must be Ogg Opus (`audio/ogg`). */
  uploadGreeting(greeting: Blob): Promise<void>;
  resetGreeting(): Promise<void>;
}

export function createCallSettingsApi(options: ServiceRequestOptions): CallSettingsApi {
  const send = createServiceRequest(options);
  return {
    async get() {
      return (await (await send('GET', '/api/settings')).json()) as UserSettings;
    },
    async setRingTimeout(seconds) {
      if (!Number.isInteger(seconds) || seconds < RING_TIMEOUT_MIN || seconds > RING_TIMEOUT_MAX) {
        throw new VoicemailSourceError(
          'invalid_ring_timeout',
          t('voicemail.ringTimeRange', { min: RING_TIMEOUT_MIN, max: RING_TIMEOUT_MAX }),
        );
      }
      const response = await send('PUT', '/api/settings', { json: { ringTimeoutSec: seconds } });
      return (await response.json()) as UserSettings;
    },
    async uploadGreeting(greeting) {
      await send('PUT', '/api/voicemail/greeting', { blob: greeting, type: 'audio/ogg' });
    },
    async resetGreeting() {
      await send('DELETE', '/api/voicemail/greeting');
    },
  };
}
