import { isSecret, newSecret, signWebhook, verifyWebhook } from '../../../domain/oa/signature';

// the example of the Standard Webhooks specification (standard-webhooks/standard-webhooks, libraries' tests)
const SPEC = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  at: new Date(1614265330 * 1000),
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('Standard Webhooks signatures', () => {
  it('signs the specification example exactly as the specification does', () => {
    expect(signWebhook(SPEC.id, SPEC.at, SPEC.body, [SPEC.secret])).toEqual({
      'webhook-id': SPEC.id,
      'webhook-timestamp': '1614265330',
      'webhook-signature': SPEC.signature,
    });
  });

  it('verifies with any secret in force and names the signer', () => {
    const other = newSecret();
    const headers = signWebhook(SPEC.id, SPEC.at, SPEC.body, [other, SPEC.secret]);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    const verified = verifyWebhook(headers, SPEC.body, [{ secret: newSecret(), name: 'a' }, { secret: SPEC.secret, name: 'b' }], SPEC.at);
    expect(verified).toEqual({ ok: true, signer: { secret: SPEC.secret, name: 'b' } });
  });

  it('refuses a changed body, a foreign secret, a stale timestamp and missing headers, each with its own code', () => {
    const headers = signWebhook(SPEC.id, SPEC.at, SPEC.body, [SPEC.secret]);
    const candidates = [{ secret: SPEC.secret }];
    expect(verifyWebhook(headers, '{"test": 2432232315}', candidates, SPEC.at)).toEqual({ ok: false, code: 'WEBHOOK_SIGNATURE_INVALID' });
    expect(verifyWebhook(headers, SPEC.body, [{ secret: newSecret() }], SPEC.at)).toEqual({ ok: false, code: 'WEBHOOK_SIGNATURE_INVALID' });
    expect(verifyWebhook(headers, SPEC.body, candidates, new Date(SPEC.at.getTime() + 301_000))).toEqual({ ok: false, code: 'WEBHOOK_TIMESTAMP_STALE' });
    expect(verifyWebhook(headers, SPEC.body, candidates, new Date(SPEC.at.getTime() - 301_000))).toEqual({ ok: false, code: 'WEBHOOK_TIMESTAMP_STALE' });
    expect(verifyWebhook(headers, SPEC.body, candidates, new Date(SPEC.at.getTime() + 299_000)).ok).toBe(true);
    expect(verifyWebhook({ ...headers, 'webhook-id': undefined }, SPEC.body, candidates, SPEC.at)).toEqual({ ok: false, code: 'WEBHOOK_HEADERS_MISSING' });
    expect(verifyWebhook({ ...headers, 'webhook-timestamp': 'yesterday' }, SPEC.body, candidates, SPEC.at)).toEqual({ ok: false, code: 'WEBHOOK_HEADERS_MISSING' });
  });

  it('makes secrets of the whsec_ form with 32 random bytes', () => {
    const secret = newSecret();
    expect(isSecret(secret)).toBe(true);
    expect(newSecret()).not.toBe(secret);
    expect(isSecret('whsec_c2hvcnQ=')).toBe(false);
  });
});
