import { AriEvent } from '../../../adapters/telephony/ari-events';
import { outcomeOf } from '../../../adapters/telephony/ari-outcome';

describe('outcomes from Asterisk channel ends', () => {
  it.each([
    // [cause, last channel state, dialplan classification, outcome]
    [16, 'Up', undefined, 'answered'],
    [16, 'Up', 'fax', 'fax'],
    [17, 'Down', undefined, 'busy'],
    [18, 'Ringing', undefined, 'no-answer'],
    [19, 'Ringing', undefined, 'no-answer'],
    [1, 'Down', undefined, 'invalid-number'],
    [28, 'Down', undefined, 'invalid-number'],
    [21, 'Down', undefined, 'failed'],
    [34, 'Down', undefined, 'failed'],
    [16, 'Ringing', undefined, 'failed'],
    [16, 'Up', '', 'answered'],
    [16, 'Up', 'not-an-outcome', 'answered'],
  ])('cause %i in state %s classified %p ends %s', (cause, channelState, classifiedAs, outcome) => {
    expect(outcomeOf({ cause, channelState, classifiedAs })).toBe(outcome);
  });

  it("reads Asterisk's timestamps, whose offset has no colon", () => {
    // given a ChannelDestroyed as Asterisk writes it
    const raw = {
      type: 'ChannelDestroyed',
      timestamp: '2026-11-22T04:50:01.250+0800',
      application: 'closeloop',
      cause: 17,
      cause_txt: 'User busy',
      channel: { id: 'call-1-2', name: 'PJSIP/carrier-0001', state: 'Down', creationtime: '2026-11-22T04:50:00.000+0800', channelvars: { CLOSELOOP_OUTCOME: '' } },
    };

    // when it is parsed, then its instants are the same moments in UTC
    const event = AriEvent.parse(raw);
    expect(event.timestamp.toISOString()).toBe('2026-11-21T20:50:01.250Z');
    expect(event.type === 'ChannelDestroyed' && event.channel.creationtime.toISOString()).toBe('2026-11-21T20:50:00.000Z');
  });
});
