/** A phone engine wired to a scripted SIP peer and fake media, for unit tests. */
import { silentLogger } from '../../../common/logger.js';
import { createPhoneEngine } from '../../../renderer/src/engine/create-phone-engine.js';
import type {
  CallSnapshot,
  PhoneEngine,
  PhoneSnapshot,
} from '../../../renderer/src/engine/phone-engine-contract.js';
import type { PhoneEngineOptions } from '../../../renderer/src/engine/phone-engine-options.js';
import { fakeMedia } from './fake-session-description-handler.js';
import type { FakeSessionDescriptionHandler } from './fake-session-description-handler.js';
import { ScriptedSipServer } from './scripted-sip-server.js';

export interface EngineHarness {
  readonly engine: PhoneEngine;
  readonly server: ScriptedSipServer;
  readonly handlers: FakeSessionDescriptionHandler[];
  /** Starts the engine and plays a successful REGISTER (challenge, then 200). */
  register(): Promise<void>;
  /** The call with this id in the current snapshot. */
  call(id: string): CallSnapshot | undefined;
  /** Resolves when `predicate` holds for the snapshot (checked on each change). */
  until(predicate: (s: PhoneSnapshot) => boolean, timeoutMs?: number): Promise<PhoneSnapshot>;
}

export function createEngineHarness(
  options: { failMedia?: boolean; engine?: Partial<PhoneEngineOptions> } = {},
): EngineHarness {
  const server = new ScriptedSipServer();
  const media = fakeMedia({ failMedia: options.failMedia ?? false });
  let now = 1_700_000_000_000;
  const engine = createPhoneEngine({
    sipUrl: 'ws://127.0.0.1:1/sip',
    domain: 'localhost',
    username: 'alice',
    password: 'correct horse',
    displayName: 'Alice',
    iceServers: [],
    sessionDescriptionHandlerFactory: media.factory,
    logger: silentLogger,
    clock: { now: () => (now += 1000) },
    transportConstructor: server.transportConstructor,
    reconnectDelayMs: { initial: 5, max: 20 },
    ...options.engine,
  });
  const until = (predicate: (s: PhoneSnapshot) => boolean, timeoutMs = 2000): Promise<PhoneSnapshot> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const s = engine.getSnapshot();
        if (!predicate(s)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(s);
      };
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`Snapshot never matched: ${JSON.stringify(engine.getSnapshot())}`));
      }, timeoutMs);
      const unsubscribe = engine.subscribe(check);
      check();
    });
  return {
    engine,
    server,
    handlers: media.handlers,
    async register() {
      const started = engine.start();
      server.challenge(await server.nextRequest('REGISTER'));
      server.acceptRegister(await server.nextRequest('REGISTER'));
      await started;
    },
    call: (id) => engine.getSnapshot().calls.find((c) => c.id === id),
    until,
  };
}
