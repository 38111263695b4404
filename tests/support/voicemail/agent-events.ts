/**
 * The voicemail agent's progress as a test sees it: give `onAgentEvent` to the service
 * (`StartServiceOptions.voicemail.onAgentEvent`) and await `next(phase)`, which settles on the first
 * event of that phase and rejects at once when the agent discarded or refused the call.
 */
import type { VoicemailAgentEvent } from '../../../server/src/agents/voicemail/voicemail-agent.js';

export interface AgentEventLog {
  readonly events: readonly VoicemailAgentEvent[];
  readonly onAgentEvent: (event: VoicemailAgentEvent) => void;
  next(phase: VoicemailAgentEvent['phase'], timeoutMs?: number): Promise<VoicemailAgentEvent>;
}

export function createAgentEventLog(): AgentEventLog {
  const events: VoicemailAgentEvent[] = [];
  const waiters = new Set<() => void>();
  return {
    events,
    onAgentEvent(event) {
      events.push(event);
      for (const waiter of [...waiters]) waiter();
    },
    next(phase, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const found = events.find((e) => e.phase === phase);
          const failed = events.find((e) => e.phase === 'discarded' || e.phase === 'rejected');
          if (found === undefined && failed === undefined) return;
          clearTimeout(timer);
          waiters.delete(check);
          if (found !== undefined) resolve(found);
          else reject(new Error(`the voicemail agent ${failed!.phase} the call: ${JSON.stringify(events)}`));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`no voicemail agent event "${phase}" in ${timeoutMs} ms: ${JSON.stringify(events)}`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}
