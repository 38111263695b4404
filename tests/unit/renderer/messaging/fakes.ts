import type {
  IncomingImMessage,
  MessagingTransport,
  SendResult,
} from '../../../../renderer/src/messaging/messaging-transport.js';
import type { ClientTimers } from '../../../../renderer/src/messaging/timers.js';

export interface SentRecord {
  target: string;
  body: string;
  headers: Readonly<Record<string, string>>;
  contentType: string;
  resolve(result: SendResult): void;
}

/** A transport whose sends stay pending until the test answers them. */
export class FakeTransport implements MessagingTransport {
  readonly sent: SentRecord[] = [];
  private listener: ((m: IncomingImMessage) => void) | undefined;

  sendMessage(
    target: string,
    body: string,
    headers: Readonly<Record<string, string>>,
    contentType: string,
  ): Promise<SendResult> {
    return new Promise((resolve) => this.sent.push({ target, body, headers, contentType, resolve }));
  }

  onMessage(listener: (m: IncomingImMessage) => void): () => void {
    this.listener = listener;
    return () => (this.listener = undefined);
  }

  chat(): SentRecord[] {
    return this.sent.filter((s) => s.contentType.startsWith('text/plain'));
  }

  typing(): SentRecord[] {
    return this.sent.filter((s) => s.contentType === 'application/im-iscomposing+xml');
  }

  deliver(fromUri: string, contentType: string, body: string, headers: Record<string, string> = {}): void {
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    this.listener?.({ fromUri, contentType, body, header: (n) => lower[n.toLowerCase()] });
  }
}

/** Manual clock: `advance(ms)` runs due timers in order. */
export class FakeTimers implements ClientTimers {
  private t = 1_700_000_000_000;
  private seq = 0;
  private readonly pending = new Map<number, { at: number; fn: () => void }>();

  now = (): number => this.t;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = ++this.seq;
    this.pending.set(id, { at: this.t + ms, fn });
    return id;
  };
  clearTimeout = (handle: unknown): void => {
    this.pending.delete(handle as number);
  };

  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.pending.entries()]
        .filter(([, v]) => v.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
      await flush();
    }
    this.t = end;
  }
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
