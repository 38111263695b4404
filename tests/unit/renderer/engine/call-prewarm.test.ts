import { describe, expect, it } from 'vitest';
import type { BodyAndContentType, SessionDescriptionHandlerModifier } from 'sip.js';
import { createEngineHarness } from '../../../support/engine/engine-harness.js';
import { FakeSessionDescriptionHandler } from '../../../support/engine/fake-session-description-handler.js';

/** A fake handler that counts the descriptions asked of it, can be held back, and says when it closes. */
class PreparedHandler extends FakeSessionDescriptionHandler {
  descriptions = 0;
  private resolveClosed!: () => void;
  readonly closedEvent = new Promise<void>((resolve) => (this.resolveClosed = resolve));
  private gate: Promise<void> = Promise.resolve();
  private openGate: () => void = () => undefined;

  holdBack(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }
  letGo(): void {
    this.openGate();
  }
  override async getDescription(
    options?: unknown,
    modifiers?: SessionDescriptionHandlerModifier[],
  ): Promise<BodyAndContentType> {
    this.descriptions++;
    await this.gate;
    const description = await super.getDescription(options, modifiers);
    return { ...description, body: description.body.replace('s=-', 's=prepared') };
  }
  override close(): void {
    super.close();
    this.resolveClosed();
  }
}

function harness(idleMs = 60_000, holdBack = false) {
  const prepared: PreparedHandler[] = [];
  const h = createEngineHarness({
    engine: {
      callWarmupIdleMs: idleMs,
      prepareSessionDescriptionHandler: () => {
        const handler = new PreparedHandler(false);
        if (holdBack) handler.holdBack();
        prepared.push(handler);
        return handler;
      },
    },
  });
  return { h, prepared };
}

describe('pre-warmed calls', () => {
  it('prepares nothing before registration', () => {
    const { h, prepared } = harness();
    h.engine.prepareCall?.();
    expect(prepared).toHaveLength(0);
  });

  it('places the next call with the prepared handler and the description made before the click', async () => {
    const { h, prepared } = harness();
    await h.register();
    h.engine.prepareCall?.();
    h.engine.prepareCall?.();
    expect(prepared).toHaveLength(1);
    expect(prepared[0]!.descriptions).toBe(1);

    const id = h.engine.call('bob');
    const invite = await h.server.nextRequest('INVITE');
    expect(invite.body).toContain('s=prepared');
    expect(invite.body).toContain('a=ptime:10'); // the engine's modifiers applied ahead, too
    expect(prepared[0]!.descriptions).toBe(1); // not made a second time at the click
    expect(h.handlers).toHaveLength(0); // the platform factory made no other handler

    h.server.acceptInvite(invite);
    await h.until(() => h.call(id)?.state === 'active');
    expect(prepared[0]!.remoteSdp).toBeDefined(); // the answer went to the prepared handler
    expect(prepared[0]!.closed).toBe(false);
  });

  it('places a call made while the handler is still being prepared once it is ready', async () => {
    const { h, prepared } = harness(60_000, true);
    await h.register();
    h.engine.prepareCall?.();
    const id = h.engine.call('bob');
    expect(h.call(id)?.state).toBe('dialing');
    prepared[0]!.letGo();
    const invite = await h.server.nextRequest('INVITE');
    expect(invite.body).toContain('s=prepared');
    expect(h.handlers).toHaveLength(0); // it waited for the prepared handler instead of making one
  });

  it('releases a prepared handler nobody used after the idle time', async () => {
    const { h, prepared } = harness(30);
    await h.register();
    h.engine.prepareCall?.();
    await prepared[0]!.closedEvent;
    expect(prepared[0]!.closed).toBe(true);
    // The next call makes its own handler.
    h.engine.call('bob');
    await h.server.nextRequest('INVITE');
    expect(h.handlers).toHaveLength(1);
  });

  it('sends nothing when hung up while the prepared handler was finishing, and releases it', async () => {
    const handler = new PreparedHandler(false);
    handler.holdBack();
    const h2 = createEngineHarness({ engine: { prepareSessionDescriptionHandler: () => handler } });
    await h2.register();
    h2.engine.prepareCall?.();
    const id = h2.engine.call('bob');
    await h2.engine.hangup(id);
    expect(h2.call(id)).toMatchObject({ state: 'ended', endReason: 'cancelled' });
    handler.letGo();
    await handler.closedEvent;
    await expect(h2.server.nextRequest('INVITE', 100)).rejects.toThrow();
  });

  it('releases the prepared handler when the engine stops', async () => {
    const { h, prepared } = harness();
    await h.register();
    h.engine.prepareCall?.();
    const stopping = h.engine.stop();
    await prepared[0]!.closedEvent;
    h.server.reply(await h.server.nextRequest('REGISTER'), 200);
    await stopping;
  });
});
