import type { CallDoc } from '../../../adapters/mongo/call.repository';
import { changeFor } from '../../../services/call-listener';

const at = new Date('2026-11-22T04:50:00Z');
const call = (over: Partial<CallDoc> = {}): CallDoc => ({
  _id: 'call-1-2',
  to: '+8613800000000',
  mode: 'ivr',
  prompt: 'sound:question',
  expectDigits: 1,
  processInstanceKey: '1',
  state: 'dialing',
  createdAt: at,
  recordings: [],
  dtmf: '',
  events: [],
  revision: 3,
  ...over,
});

describe('what a telephony event changes in a call record', () => {
  it('moves a call forward: ringing, then answered, once each', () => {
    expect(changeFor(call(), { kind: 'progress', callId: 'call-1-2', at, state: 'ringing' })?.set).toEqual({ state: 'ringing', ringingAt: at });
    expect(changeFor(call({ state: 'answered' }), { kind: 'progress', callId: 'call-1-2', at, state: 'ringing' })).toBeUndefined();
    expect(changeFor(call({ state: 'ringing' }), { kind: 'progress', callId: 'call-1-2', at, state: 'answered' })?.set).toEqual({ state: 'answered', answeredAt: at });
    expect(changeFor(call({ state: 'answered' }), { kind: 'progress', callId: 'call-1-2', at, state: 'answered' })).toBeUndefined();
  });

  it('appends each key pressed and keeps each recording once', () => {
    expect(changeFor(call({ dtmf: '1' }), { kind: 'dtmf', callId: 'call-1-2', at, digit: '#' })?.set).toEqual({ dtmf: '1#' });
    expect(changeFor(call({ recordings: ['r1'] }), { kind: 'recording', callId: 'call-1-2', at, recordingName: 'r1' })).toBeUndefined();
  });

  it('ends a call once; after the end only a late recording is taken', () => {
    const ended = { kind: 'ended', callId: 'call-1-2', at, outcome: 'busy', cause: 17, causeText: 'User busy', durationMs: 40 } as const;
    expect(changeFor(call(), ended)).toMatchObject({ set: { state: 'ended', outcome: 'busy', cause: 17 }, line: { kind: 'ended', detail: 'busy' } });
    expect(changeFor(call({ state: 'ended' }), ended)).toBeUndefined();
    expect(changeFor(call({ state: 'ended' }), { kind: 'dtmf', callId: 'call-1-2', at, digit: '1' })).toBeUndefined();
    expect(changeFor(call({ state: 'ended' }), { kind: 'recording', callId: 'call-1-2', at, recordingName: 'r2' })?.set).toEqual({ recordings: ['r2'] });
  });
});
