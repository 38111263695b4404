import type {
  CallSnapshot,
  PhoneEngine,
  PhoneSnapshot,
  RegistrationState,
} from '../../../../renderer/src/engine/phone-engine-contract.js';

/** An in-memory PhoneEngine that records what was asked of it; tests drive its snapshot by hand. */
export class FakePhoneEngine implements PhoneEngine {
  readonly calls: string[] = [];
  private snapshot: PhoneSnapshot = { registration: { state: 'idle' }, calls: [] };
  private readonly listeners = new Set<() => void>();
  private nextId = 1;
  startResult: 'register' | 'fail' = 'register';

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  getSnapshot(): PhoneSnapshot {
    return this.snapshot;
  }
  setRegistration(state: RegistrationState, error?: string): void {
    this.update({ ...this.snapshot, registration: { state, error } });
  }
  setCall(call: CallSnapshot): void {
    const others = this.snapshot.calls.filter((c) => c.id !== call.id);
    this.update({ ...this.snapshot, calls: [...others, call] });
  }
  private update(next: PhoneSnapshot): void {
    this.snapshot = next;
    for (const listener of [...this.listeners]) listener();
  }
  async start(): Promise<void> {
    this.calls.push('start');
    this.setRegistration('connecting');
    await Promise.resolve();
    if (this.startResult === 'fail') {
      this.setRegistration('failed', 'Wrong username or password');
      throw new Error('Wrong username or password');
    }
    this.setRegistration('registered');
  }
  async stop(): Promise<void> {
    this.calls.push('stop');
    this.setRegistration('stopped');
  }
  call(target: string): string {
    this.calls.push(`call ${target}`);
    const id = `c${this.nextId++}`;
    this.setCall({
      id,
      direction: 'outgoing',
      peer: { username: target, uri: `sip:${target}@localhost` },
      state: 'dialing',
      muted: false,
      held: false,
      holdPending: false,
      remoteHeld: false,
      createdAt: 1000,
    });
    return id;
  }
  async answer(callId: string): Promise<void> {
    this.calls.push(`answer ${callId}`);
  }
  async decline(callId: string): Promise<void> {
    this.calls.push(`decline ${callId}`);
  }
  async hangup(callId: string): Promise<void> {
    this.calls.push(`hangup ${callId}`);
  }
  setMuted(callId: string, muted: boolean): void {
    this.calls.push(`mute ${callId} ${muted}`);
  }
  async setHeld(callId: string, held: boolean): Promise<void> {
    this.calls.push(`hold ${callId} ${held}`);
  }
  async sendDtmf(callId: string, tones: string): Promise<void> {
    this.calls.push(`dtmf ${callId} ${tones}`);
  }
  async transfer(callId: string, target: string): Promise<void> {
    this.calls.push(`transfer ${callId} ${target}`);
  }
  consult(callId: string, target: string): string {
    this.calls.push(`consult ${callId} ${target}`);
    return this.call(target);
  }
  async completeTransfer(callId: string): Promise<void> {
    this.calls.push(`complete-transfer ${callId}`);
  }
  async merge(callId: string, other: string): Promise<void> {
    this.calls.push(`merge ${callId} ${other}`);
  }
  dismiss(callId: string): void {
    this.calls.push(`dismiss ${callId}`);
    this.update({ ...this.snapshot, calls: this.snapshot.calls.filter((c) => c.id !== callId) });
  }
}
