import { describe, expect, it } from 'vitest';
import {
  CallHistoryRecorder,
  outcomeOf,
  type RecordedCall,
} from '../../../../server/src/calls/call-history-recorder.js';
import type { CallOffer } from '../../../../server/src/sip/sip-service-contract.js';

function setup(): {
  recorder: CallHistoryRecorder;
  added: RecordedCall[];
  ended: [string, number][];
  tick: (ms: number) => void;
} {
  let now = 1_000_000;
  const added: RecordedCall[] = [];
  const ended: [string, number][] = [];
  const recorder = new CallHistoryRecorder({
    now: () => now,
    isUser: (u) => u !== 'voicemail' && u !== 'echo',
    sink: { add: (e) => added.push(...e), end: (callId, at) => ended.push([callId, at]) },
  });
  return { recorder, added, ended, tick: (ms) => (now += ms) };
}

const offer = (callId = 'c1', over: Partial<CallOffer> = {}): CallOffer => ({
  callId,
  caller: { uri: 'sip:alice@parley.test', username: 'alice', displayName: 'Alice' },
  callee: { uri: 'sip:bob@parley.test', username: 'bob' },
  callerDevice: 'Parley web (Chromium on Linux)',
  callerFlowId: 'f-alice',
  ...over,
});

describe('call history recorder', () => {
  it('a forked call answered on one device: outgoing for the caller, incoming on that device for the callee, ended by BYE', () => {
    const { recorder, added, ended, tick } = setup();
    recorder.offered(offer());
    tick(3000);
    recorder.answered('c1', { username: 'bob', device: 'Bob laptop', flowId: 'f-bob-2' });
    // The other fork answers too (its 2xx is forwarded, §16.7), and a re-INVITE later: not a new answer.
    recorder.answered('c1', { username: 'bob', device: 'Bob phone', flowId: 'f-bob-1' });
    expect(added).toEqual([
      {
        callId: 'c1',
        username: 'alice',
        direction: 'outgoing',
        outcome: 'answered',
        peer: { uri: 'sip:bob@parley.test', username: 'bob' },
        startedAt: 1_000_000,
        answeredAt: 1_003_000,
        device: 'Parley web (Chromium on Linux)',
        answeredBy: 'bob',
        answeredOn: 'Bob laptop',
      },
      {
        callId: 'c1',
        username: 'bob',
        direction: 'incoming',
        outcome: 'answered',
        peer: { uri: 'sip:alice@parley.test', username: 'alice', displayName: 'Alice' },
        startedAt: 1_000_000,
        answeredAt: 1_003_000,
        device: 'Bob laptop',
        answeredBy: 'bob',
      },
    ]);
    expect(ended).toEqual([]);
    tick(42_000);
    recorder.ended('c1');
    recorder.ended('c1'); // the other side's BYE crossing it
    expect(ended).toEqual([['c1', 1_045_000]]);
    expect(recorder.size).toBe(0);
  });

  it('a CANCEL before any answer: missed for the callee, cancelled for both, with the failure time', () => {
    const { recorder, added, tick } = setup();
    recorder.offered(offer());
    tick(5000);
    recorder.failed('c1', 487, true);
    expect(added.map((e) => [e.username, e.direction, e.outcome, e.endedAt, e.answeredAt])).toEqual([
      ['alice', 'outgoing', 'cancelled', 1_005_000, undefined],
      ['bob', 'missed', 'cancelled', 1_005_000, undefined],
    ]);
    recorder.answered('c1', { username: 'bob' }); // a late 2xx after the call is over changes nothing
    expect(added).toHaveLength(2);
    expect(recorder.size).toBe(0);
  });

  it('declined everywhere, busy and no answer read as such; every one is missed for the callee', () => {
    expect([603, 486, 600, 408, 480, 404, 500].map((s) => outcomeOf(s, false))).toEqual([
      'declined',
      'busy',
      'busy',
      'no-answer',
      'no-answer',
      'failed',
      'failed',
    ]);
    const { recorder, added } = setup();
    recorder.offered(offer('c2'));
    recorder.failed('c2', 603, false);
    expect(added.map((e) => [e.username, e.direction, e.outcome, e.status])).toEqual([
      ['alice', 'outgoing', 'declined', 603],
      ['bob', 'missed', 'declined', 603],
    ]);
  });

  it('sent to voicemail unanswered: missed (voicemail) for the callee, the caller’s call answered by voicemail has a length', () => {
    const { recorder, added, ended, tick } = setup();
    recorder.offered(offer());
    tick(20_000);
    recorder.diverted('c1', 'voicemail');
    tick(500);
    recorder.answered('c1', { username: 'voicemail', device: 'Parley voicemail agent', flowId: 'f-vm' });
    expect(
      added.map((e) => [e.username, e.direction, e.outcome, e.answeredBy, e.answeredAt, e.endedAt]),
    ).toEqual([
      ['alice', 'outgoing', 'voicemail', 'voicemail', 1_020_500, undefined],
      ['bob', 'missed', 'voicemail', 'voicemail', undefined, 1_020_500],
    ]);
    // The voicemail agent's flow closing ends the call too.
    tick(10_000);
    recorder.flowClosed('f-vm');
    expect(ended).toEqual([['c1', 1_030_500]]);
  });

  it('straight to voicemail (callee offline) is missed too; agents get no entries of their own', () => {
    const { recorder, added } = setup();
    recorder.offered(offer('c1', { divertedTo: 'voicemail' }));
    recorder.answered('c1', { username: 'voicemail' });
    expect(added.map((e) => [e.username, e.direction, e.outcome])).toEqual([
      ['alice', 'outgoing', 'voicemail'],
      ['bob', 'missed', 'voicemail'],
    ]);
    added.length = 0;
    recorder.offered(offer('c3', { callee: { uri: 'sip:echo@parley.test', username: 'echo' } }));
    recorder.answered('c3', { username: 'echo', device: 'Parley echo agent' });
    expect(added.map((e) => [e.username, e.direction, e.outcome, e.answeredOn])).toEqual([
      ['alice', 'outgoing', 'answered', 'Parley echo agent'],
    ]);
  });

  it('a caller from outside (a PSTN number through a B2BUA) gives the callee an entry only', () => {
    const { recorder, added } = setup();
    recorder.offered(offer('c4', { caller: { uri: 'sip:+4930123456@parley.test' } }));
    recorder.failed('c4', 408, false);
    expect(added.map((e) => [e.username, e.direction, e.peer.uri])).toEqual([
      ['bob', 'missed', 'sip:+4930123456@parley.test'],
    ]);
  });

  it('the caller’s connection closing while it rings is a cancel; while answered it ends the call', () => {
    const { recorder, added, ended } = setup();
    recorder.offered(offer('c5'));
    recorder.offered(offer('c6', { callerFlowId: 'f-other' }));
    recorder.flowClosed('f-alice');
    expect(added.map((e) => [e.callId, e.username, e.outcome])).toEqual([
      ['c5', 'alice', 'cancelled'],
      ['c5', 'bob', 'cancelled'],
    ]);
    recorder.answered('c6', { username: 'bob', flowId: 'f-bob' });
    recorder.flowClosed('f-other');
    expect(ended.map(([id]) => id)).toEqual(['c6']);
    expect(recorder.size).toBe(0);
  });

  it('follows at most maxLive calls, forgetting the oldest', () => {
    const added: RecordedCall[] = [];
    const recorder = new CallHistoryRecorder({
      now: () => 0,
      isUser: () => true,
      maxLive: 2,
      sink: { add: (e) => added.push(...e), end: () => undefined },
    });
    recorder.offered(offer('a'));
    recorder.offered(offer('b'));
    recorder.offered(offer('c'));
    expect(recorder.size).toBe(2);
    recorder.failed('a', 487, true);
    expect(added).toEqual([]);
  });
});
