/**
 * The HTTP JSON API contract between the Parley service and its clients.
 * Every error body is `ApiErrorBody`; every authenticated call carries `Authorization: Bearer <token>`
 * (a session token from POST /api/sessions) or HTTP Basic with the account's credentials.
 */

import type { PresenceStatus, UserStatus } from './presence-types.js';
import type { RecordingPolicy } from './recording-types.js';

export type { PresenceStatus } from './presence-types.js';

export interface ApiErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

/** GET /api/config */
export interface ServiceConfig {
  readonly domain: string;
  /** e.g. ws://127.0.0.1:8080/sip */
  readonly sipUrl: string;
  /** Plain SIP listeners for desk phones and softphones, e.g. `sip:127.0.0.1:5060;transport=udp` (may be empty). */
  readonly sipListeners?: readonly string[];
  /** Call recording (common/recording-types.ts): `allowed` by the administrator, or `off` (absent = off). */
  readonly recording?: RecordingPolicy;
  /** ICE servers the client should use; empty on loopback/LAN so calls never wait on STUN. */
  readonly iceServers: readonly {
    readonly urls: string | readonly string[];
    readonly username?: string;
    readonly credential?: string;
  }[];
}

/** GET /api/accounts/availability?username=NAME */
export interface UsernameAvailability {
  readonly username: string;
  readonly available: boolean;
  readonly code?: string;
  readonly reason?: string;
}

/** POST /api/accounts */
export interface CreateAccountRequest {
  readonly username: string;
  readonly password: string;
  readonly displayName?: string;
  readonly email?: string;
}
/** 201 */
export interface CreateAccountResponse {
  readonly username: string;
  readonly aor: string;
}

/** POST /api/sessions { username, password } → 201 */
export interface CreateSessionRequest {
  readonly username: string;
  readonly password: string;
}
export interface SessionResponse {
  /** Bearer token for the API. Also accepted as the SIP digest password for this username. */
  readonly token: string;
  readonly account: AccountProfile;
}

/** GET /api/me */
export interface AccountProfile {
  readonly username: string;
  readonly displayName: string;
  readonly email: string;
  readonly aor: string;
}

/** One entry in the directory or the contact list. */
export interface DirectoryEntry {
  readonly username: string;
  readonly displayName: string;
  readonly aor: string;
  readonly presence: PresenceStatus;
  /** The person's chosen status (common/presence-types.ts). */
  readonly status?: UserStatus;
  readonly isContact: boolean;
}

/** GET /api/directory?q=TEXT → { users } (the caller is not listed) */
export interface DirectoryResponse {
  readonly users: readonly DirectoryEntry[];
}

/** GET /api/contacts → { contacts }; PUT /api/contacts/:username → 200 entry; DELETE /api/contacts/:username → 204 */
export interface ContactsResponse {
  readonly contacts: readonly DirectoryEntry[];
}

/**
 * GET /api/events?token=TOKEN (Server-Sent Events; EventSource cannot set headers, so the session token
 * rides in the query; a Bearer header works too). Each `event: presence` carries this as `data`.
 */
export interface PresenceEvent {
  readonly username: string;
  readonly presence: PresenceStatus;
  /** The person's chosen status (common/presence-types.ts). */
  readonly status?: UserStatus;
}

/**
 * Voicemail held by the service's own store (the embedded default and what the web client reads).
 * GET /api/voicemails → VoicemailListResponse (newest first)
 * GET /api/voicemails/:id/audio → audio/ogg (Ogg Opus, RFC 7845)
 * POST /api/voicemails/:id/heard → 204 ; DELETE /api/voicemails/:id → 204
 * SSE `event: voicemail` on /api/events with VoicemailSummaryEvent whenever the user's count changes.
 */
export interface VoicemailEntry {
  readonly id: string;
  readonly caller: { readonly username?: string; readonly displayName: string; readonly uri: string };
  /** Epoch ms when the recording ended. */
  readonly receivedAt: number;
  readonly durationMs: number;
  readonly sizeBytes: number;
  readonly heard: boolean;
  /** Up to 64 peak levels 0..1 for drawing a waveform without downloading the audio. */
  readonly peaks: readonly number[];
}
export interface VoicemailListResponse {
  readonly voicemails: readonly VoicemailEntry[];
  readonly newCount: number;
}
export interface VoicemailSummaryEvent {
  readonly newCount: number;
  readonly totalCount: number;
}

/** GET/PUT /api/settings → the user's call settings. */
export interface UserSettings {
  /** Seconds an unanswered call rings before it goes to voicemail (5–120, default 20). */
  readonly ringTimeoutSec: number;
  /** Whether a recorded greeting is in use (PUT /api/voicemail/greeting with audio/ogg; DELETE to reset). */
  readonly customGreeting: boolean;
}
