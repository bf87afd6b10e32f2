import { ivrAnswer, resultOfChain } from '../../../domain/campaign/process';

describe('how a campaign contact ends', () => {
  it('counts a yes as success and a plain answer as reached', () => {
    expect(resultOfChain({ next: 'stop', because: 'reached' }, 'answered', 'success')).toBe('success');
    expect(resultOfChain({ next: 'stop', because: 'reached' }, 'answered', undefined)).toBe('reached');
  });

  it('names numbers that cannot take a call, refusals, and attempts run out', () => {
    expect(resultOfChain({ next: 'stop', because: 'final-outcome' }, 'fax', undefined)).toBe('fax');
    expect(resultOfChain({ next: 'stop', because: 'final-outcome' }, 'refused', undefined)).toBe('refused');
    expect(resultOfChain({ next: 'stop', because: 'attempt-cap' }, 'busy', undefined)).toBe('unreachable');
  });

  it('reads the IVR keys: the accept key is a yes, another key a no, none a message heard', () => {
    expect(ivrAnswer('answered', '1', '1')).toEqual({ outcome: 'answered', answer: 'success' });
    expect(ivrAnswer('answered', '9', '1')).toEqual({ outcome: 'refused' });
    expect(ivrAnswer('answered', '', '1')).toEqual({ outcome: 'answered' });
    expect(ivrAnswer('busy', '', '1')).toEqual({ outcome: 'busy' });
  });
});
