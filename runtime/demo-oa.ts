import type { OaEndpointDoc } from '../adapters/mongo/oa.repository';

/**
 * The demo's OA endpoint: the Beijing branch's network department works in its own OA system,
 * which the local OA peer plays. Its secrets are public demo values, known to the peer through
 * its environment (runtime/peers.ts); a real endpoint gets random ones (POST /api/admin/oa/endpoints).
 */
export const DEMO_OA_PUSH_SECRET = `whsec_${Buffer.from('closeloop-demo-oa-push-secret-2026!').toString('base64')}`;
export const DEMO_OA_ANSWER_SECRET = `whsec_${Buffer.from('closeloop-demo-oa-answer-secret-2026').toString('base64')}`;

export function demoOaEndpoint(oaPeerUrl: string, now: Date): OaEndpointDoc {
  return {
    _id: 'branch-010-oa',
    name: 'Beijing branch OA',
    url: `${oaPeerUrl}/oa/inbox`,
    departments: ['branch-010-network'],
    signingSecrets: [{ secretId: 'sec_demo_push', secret: DEMO_OA_PUSH_SECRET, createdAt: now }],
    verifyingSecrets: [{ secretId: 'sec_demo_answer', secret: DEMO_OA_ANSWER_SECRET, createdAt: now }],
    answerWithin: 'PT4H',
    updatedAt: now,
    updatedBy: 'demo-seed',
  };
}
