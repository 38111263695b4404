import { describe, expect, it } from 'vitest';
import {
  IPC_INVOKE_CHANNELS,
  IPC_WIRE_PREFIX,
  ipcOk,
  type IpcInvokeChannel,
  type IpcResult,
} from '../../../../../common/ipc-contract.js';
import {
  createIpcDispatcher,
  registerIpcHandlers,
  type IpcCallerEvent,
  type IpcHandlers,
} from '../../../../../electron/src/main/ipc/ipc-router.js';
import { IPC_VALIDATORS } from '../../../../../electron/src/main/ipc/ipc-validators.js';

const OWN = 'http://127.0.0.1:8080';
const fromUs: IpcCallerEvent = { senderFrame: { url: `${OWN}/` } };

/** Handlers that record what reached them; one of them throws. */
function handlers(seen: Array<[string, unknown]>): IpcHandlers {
  const entries = IPC_INVOKE_CHANNELS.map((channel) => [
    channel,
    (arg: unknown) => {
      seen.push([channel, arg]);
      if (channel === 'update:check') throw new Error('boom with /home/secret/path');
      return ipcOk(null);
    },
  ]);
  return Object.fromEntries(entries) as unknown as IpcHandlers;
}

function setup() {
  const seen: Array<[string, unknown]> = [];
  const errors: string[] = [];
  const dispatch = createIpcDispatcher(handlers(seen), {
    isTrustedSender: (url) => new URL(url).origin === OWN,
    onError: (channel) => errors.push(channel),
  });
  return { dispatch, seen, errors };
}

const valid: { [C in IpcInvokeChannel]: unknown[] } = {
  'app:get-info': [],
  'app:set-locale': ['de'],
  'window:show': [],
  'tray:set-status': [{ registration: 'registered', missedCalls: 2, unreadMessages: 0 }],
  'dnd:get': [],
  'dnd:set': [true],
  'notify:incoming-call': [{ callId: 'call-1', from: 'Bob', address: 'sip:bob@x.org' }],
  'notify:clear-call': ['call-1'],
  'notify:missed-call': [{ callId: 'call-1', from: 'Bob' }],
  'notify:message': [{ messageId: 'm1', from: 'Bob', preview: 'line one\nline two' }],
  'links:take-pending': [],
  'links:open-external': ['https://example.org/help'],
  'settings:get': [],
  'settings:set': [{ closeToTray: false, shortcuts: { answer: 'CommandOrControl+Shift+A', hangup: null } }],
  'credentials:status': [],
  'credentials:save': [{ account: 'alice@example.org', secret: 'pa ss wörd', allowPlainText: false }],
  'credentials:load': ['alice@example.org'],
  'credentials:delete': ['alice@example.org'],
  'update:check': [],
  'voicemail:get-source': [],
  'voicemail:save-source': [
    { kind: 'imap', host: 'mail.example.org', port: 993, tls: 'implicit', user: 'alice', password: 'pw' },
  ],
  'voicemail:check-source': [{ kind: 'service' }],
  'voicemail:list': [],
  'voicemail:fetch-audio': ['1700000000:42'],
  'voicemail:mark-heard': [{ id: 'UIDL-abc.1', heard: true }],
  'voicemail:delete': ['1700000000:42'],
  'recordings:get-folder': [],
  'recordings:choose-folder': [],
  'recordings:save': [
    {
      peerUri: 'sip:bob@example.org',
      direction: 'incoming',
      startedAt: 1_700_000_000_000,
      durationMs: 5000,
      data: new Uint8Array([1, 2, 3]),
    },
  ],
  'recordings:list': [],
  'recordings:fetch-audio': ['parley-2026-12-07T17-00-00.000Z-bob.ogg'],
  'recordings:delete': ['parley-2026-12-07T17-00-00.000Z-bob.ogg'],
};

const invalid: Partial<{ [C in IpcInvokeChannel]: unknown[][] }> = {
  'app:get-info': [['unexpected']],
  'tray:set-status': [
    [{ registration: 'registered', missedCalls: -1, unreadMessages: 0 }],
    [{ registration: 'dnd', missedCalls: 0, unreadMessages: 0 }],
    [{ registration: 'registered', missedCalls: 1.5, unreadMessages: 0 }],
    [{ registration: 'registered', missedCalls: 0 }],
    [{ registration: 'registered', missedCalls: 0, unreadMessages: 0, extra: 1 }],
    [null],
    [[]],
    ['registered'],
  ],
  'dnd:set': [['true'], [1], [null], []],
  'app:set-locale': [['fr'], ['DE'], ['de-DE'], [1], [{ locale: 'de' }], []],
  'notify:incoming-call': [
    [{ callId: 'c 1', from: 'Bob' }],
    [{ callId: 'c1', from: '' }],
    [{ callId: 'c1', from: 'Bob\nInjected line' }],
    [{ callId: 'c1', from: 'x'.repeat(201) }],
    [{ callId: 'c1', from: 'Bob', address: 42 }],
    [{ callId: 'c1', from: 'Bob', __proto__: { polluted: true } }],
    [Object.assign(Object.create({ inherited: 1 }) as object, { callId: 'c1', from: 'Bob' })],
  ],
  'notify:clear-call': [[''], ['x'.repeat(129)], ['../../etc'], [{ callId: 'c1' }]],
  'notify:message': [
    [{ messageId: 'm1', from: 'Bob', preview: 'x'.repeat(501) }],
    [{ messageId: 'm1', from: 'Bob', preview: 'bell\u0007' }],
  ],
  'links:open-external': [
    ['http://example.org'],
    ['file:///etc/passwd'],
    ['javascript:alert(1)'],
    ['https://u:p@example.org/'],
  ],
  'settings:set': [
    [{ closeToTray: 'yes' }],
    [{ shortcuts: { answer: 'A' } }],
    [{ shortcuts: { answer: 'Ctrl+Ctrl+A' } }],
    [{ shortcuts: { mute: 'Ctrl+M' } }],
    [{ theme: 'dark' }],
  ],
  'credentials:save': [
    [{ account: 'alice', secret: '' }],
    [{ account: 'alice', secret: 'x'.repeat(4097) }],
    [{ account: '', secret: 'x' }],
    [{ account: 'alice', secret: 'x', allowPlainText: 'yes' }],
    [{ account: 'alice', secret: 'nul\u0000' }],
  ],
  'credentials:load': [[42], ['line\nbreak'], ['x'.repeat(321)]],
  'voicemail:save-source': [
    [{ kind: 'exchange' }],
    [{ kind: 'service', host: 'x' }],
    [{ kind: 'imap', host: 'mail.example.org', port: 0, tls: 'none', user: 'a' }],
    [{ kind: 'imap', host: 'mail.example.org', port: 143, tls: 'ssl', user: 'a' }],
    [{ kind: 'imap', host: 'http://mail.example.org', port: 143, tls: 'none', user: 'a' }],
    [{ kind: 'imap', host: 'mail example', port: 143, tls: 'none', user: 'a' }],
    [{ kind: 'pop3', host: 'mail.example.org', port: 110, tls: 'none', user: '' }],
    [{ kind: 'pop3', host: 'mail.example.org', port: 110, tls: 'none', user: 'a\nb' }],
    [{ kind: 'pop3', host: 'mail.example.org', port: 110, tls: 'none', user: 'a', password: '' }],
    [{ kind: 'pop3', host: 'mail.example.org', port: 110, tls: 'none', user: 'a', leaveCopy: 'yes' }],
    [{ kind: 'imap', host: 'mail.example.org', port: 143, tls: 'none', user: 'a', folder: '../x' }],
  ],
  'voicemail:fetch-audio': [[''], ['has space'], ['x'.repeat(201)], [42], ['tab\tid']],
  'voicemail:mark-heard': [[{ id: '1:2' }], [{ id: '1:2', heard: 'yes' }], [{ id: '', heard: true }]],
  'voicemail:delete': [[null], ['new\nline']],
  'recordings:fetch-audio': [['../parley-x.ogg'], ['parley-a/b.ogg'], ['notes.txt']],
  'recordings:save': [
    [{ peerUri: 'sip:bob@example.org', direction: 'incoming', startedAt: 1, durationMs: 1 }],
  ],
};

describe('IPC validation and dispatch', () => {
  it('has a validator for every channel of the contract', () => {
    expect(Object.keys(IPC_VALIDATORS).sort()).toEqual([...IPC_INVOKE_CHANNELS].sort());
  });

  it('passes valid arguments to the handler, exactly as validated', async () => {
    const t = setup();
    for (const channel of IPC_INVOKE_CHANNELS) {
      if (channel === 'update:check') continue;
      const result = await t.dispatch(channel, fromUs, valid[channel]);
      expect(result, channel).toEqual({ ok: true, value: null });
    }
    expect(t.seen.find(([c]) => c === 'notify:message')?.[1]).toEqual({
      messageId: 'm1',
      from: 'Bob',
      preview: 'line one\nline two',
    });
  });

  it('rejects bad input with invalid_argument and never calls the handler', async () => {
    const t = setup();
    for (const [channel, cases] of Object.entries(invalid)) {
      for (const args of cases!) {
        const result = await t.dispatch(channel, fromUs, args);
        expect(result.ok, `${channel} ${JSON.stringify(args)}`).toBe(false);
        if (!result.ok) expect(result.error.code).toBe('invalid_argument');
      }
    }
    expect(t.seen).toEqual([]);
  });

  it('rejects too many arguments, unknown channels and foreign senders', async () => {
    const t = setup();
    expect(await t.dispatch('dnd:set', fromUs, [true, false])).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument' },
    });
    expect(await t.dispatch('shell:exec', fromUs, ['rm -rf /'])).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
    expect(await t.dispatch('__proto__', fromUs, [])).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
    for (const event of [
      { senderFrame: { url: 'https://evil.example/' } },
      { senderFrame: null },
      { senderFrame: { url: 'data:text/html,x' } },
    ]) {
      expect(await t.dispatch('dnd:get', event, [])).toMatchObject({
        ok: false,
        error: { code: 'forbidden_sender' },
      });
    }
    expect(t.seen).toEqual([]);
  });

  it('turns a throwing handler into an internal error without leaking its message', async () => {
    const t = setup();
    const result = await t.dispatch('update:check', fromUs, []);
    expect(result).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Something went wrong in the desktop shell.' },
    });
    expect(t.errors).toEqual(['update:check']);
  });

  it('never throws, whatever arrives', async () => {
    const t = setup();
    const weird: unknown[] = [undefined, null, 42, {}, 'dnd:set'];
    for (const channel of weird) {
      for (const event of [undefined, null, {}, fromUs] as unknown as IpcCallerEvent[]) {
        for (const args of [undefined, null, [], [Symbol('x')], 'str'] as unknown as unknown[][]) {
          const result: IpcResult<unknown> = await t.dispatch(channel, event, args);
          expect(typeof result.ok).toBe('boolean');
        }
      }
    }
  });

  it('registers every channel under the parley: prefix and removes them', async () => {
    const registered = new Map<string, (event: IpcCallerEvent, ...args: unknown[]) => Promise<unknown>>();
    const t = setup();
    const remove = registerIpcHandlers(
      { handle: (c, l) => registered.set(c, l), removeHandler: (c) => registered.delete(c) },
      t.dispatch,
    );
    expect([...registered.keys()].sort()).toEqual(IPC_INVOKE_CHANNELS.map((c) => IPC_WIRE_PREFIX + c).sort());
    expect(await registered.get('parley:dnd:set')!(fromUs, 'maybe')).toMatchObject({ ok: false });
    expect(await registered.get('parley:dnd:set')!(fromUs, true)).toEqual({ ok: true, value: null });
    remove();
    expect(registered.size).toBe(0);
  });
});
