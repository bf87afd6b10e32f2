import { randomInt, randomUUID } from 'node:crypto';
import type { CallDoc } from '../../adapters/mongo/call.repository';
import { z } from 'zod';
import { CallOutcomes, PhoneCallProcess, type CallOutcome } from '../../domain/call/call';
import type { CallListener } from '../../services/call-listener';
import { callOriginateWorker } from '../../workers/call-originate.worker';
import type { JobContext } from '../../workers/worker-kit';
import { instanceIsActive } from '../support/engine-probe';
import { apiAs } from '../support/work-orders';
import { telephonyPeer } from '../support/telephony-peer';
import { eventually, useTestPlatform } from '../support/test-platform';

/**
 * Calls through the real protocol: the platform's ARI adapter talks REST and WebSocket to the
 * telephony peer process, the workers place the calls of `phone-call` instances on the real
 * engine, and the call listener hands each end back to its instance.
 */
describe('telephony: phone-call outcomes through ARI', () => {
  const tp = useTestPlatform();
  let listener: CallListener | undefined;

  beforeAll(() => {
    listener = tp().platform.listenToCalls();
  });
  afterAll(async () => {
    await listener?.close();
  });

  /** A fresh number whose last digit picks the peer's default rule (docs/telephony.md). */
  const numberEndingIn = (digit: number): string => `+86138${randomInt(1_000_000, 9_999_999)}${digit}`;

  /** What a phone-call instance ends with (the contract the callback and campaign processes rely on). */
  const PhoneCallResult = z.object({
    callId: z.string(),
    outcome: z.enum(CallOutcomes),
    cause: z.number(),
    causeText: z.string(),
    dtmf: z.string(),
    recordings: z.array(z.string()),
    durationMs: z.number(),
  });

  /** Runs a phone-call instance to its end and returns its variables. */
  async function phoneCall(variables: Record<string, string | number>): Promise<z.infer<typeof PhoneCallResult>> {
    const result = await tp().platform.zeebe.createProcessInstanceWithResult({
      bpmnProcessId: PhoneCallProcess.id,
      variables: { mode: 'agent', agentId: 'agent-0101', ...variables },
      requestTimeout: 30_000,
    });
    return PhoneCallResult.parse(result.variables);
  }

  const callRecord = (callId: string, accept: (c: CallDoc | undefined) => boolean): Promise<CallDoc | undefined> =>
    eventually(() => tp().platform.calls.find(callId), accept);

  it.each<[CallOutcome, number, number]>([
    ['answered', 0, 16],
    ['busy', 1, 17],
    ['no-answer', 2, 19],
    ['invalid-number', 3, 1],
    ['fax', 4, 16],
  ])('a call that ends %s reaches the process as its outcome', async (outcome, lastDigit, cause) => {
    // given a number the peer answers with this outcome
    const to = numberEndingIn(lastDigit);

    // when a phone-call instance calls it
    const result = await phoneCall({ to });

    // then the instance ends with the outcome and the cause, and the call is recorded with its events
    expect(result).toMatchObject({ outcome, cause });
    const call = (await callRecord(result.callId, (c) => c?.state === 'ended'))!;
    expect(call).toMatchObject({ to, mode: 'agent', agentId: 'agent-0101', outcome, cause });
    expect(call.events[0]!.kind).toBe('originating');
    expect(call.events.at(-1)).toMatchObject({ kind: 'ended', detail: outcome });
    if (outcome === 'answered') {
      // an agent's answered call is recorded under its call id
      expect(result.recordings).toEqual([result.callId]);
      expect(call.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['ringing', 'answered', 'recording']));
    }
    expect(await telephonyPeer.callsTo(to)).toHaveLength(1);
  });

  it('an IVR survey plays its question, takes the key the customer pressed and hangs up', async () => {
    // given a customer who presses 5 after the question
    const to = numberEndingIn(7);
    await telephonyPeer.setRule(to, { outcome: 'answered', dtmf: '5', talkMs: 5_000 });

    // when the survey calls
    const result = await phoneCall({ to, mode: 'ivr', prompt: 'sound:closeloop/satisfaction-question', expectDigits: 1 });

    // then the answer reaches the process, and the platform, not the customer, ended the call
    expect(result).toMatchObject({ outcome: 'answered', dtmf: '5', cause: 16 });
    const call = (await callRecord(result.callId, (c) => c?.state === 'ended'))!;
    expect(call.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['answered', 'playback-finished', 'dtmf', 'ended']));
    expect(result.durationMs).toBeLessThan(5_000);
  });

  it('an originate job delivered again, even at the same time, places one call', async () => {
    // given one job (one element instance) of a phone-call instance
    const to = numberEndingIn(0);
    const job: JobContext = { key: '1', bpmnProcessId: PhoneCallProcess.id, processInstanceKey: `${randomInt(1e9)}`, processDefinitionKey: '0', processDefinitionVersion: 1, elementId: 'Activity_Originate', elementInstanceKey: `${randomInt(1e9)}`, retries: 3, customHeaders: {} };
    const handle = callOriginateWorker.handle(tp().platform);
    const input = callOriginateWorker.input.parse({ to, mode: 'agent', agentId: 'agent-0101' });

    // when the engine delivers it twice at once and once more later
    const outcomes = await Promise.all([handle(input, job), handle(input, job)]);
    outcomes.push(await handle(input, job));

    // then every delivery completes with the same call id, and the peer was asked for one call
    const callIds = outcomes.map((o) => ('complete' in o ? z.string().parse(o.complete.callId) : undefined));
    expect(new Set(callIds).size).toBe(1);
    expect(await telephonyPeer.callsTo(to)).toHaveLength(1);
    await callRecord(callIds[0]!, (c) => c?.state === 'ended');
  });

  it('a call with no end in time is hung up and ends as failed', async () => {
    // given a phone that rings until someone hangs up (the instance is started without waiting
    // for its result: moving the engine's clock expires requests that wait on it)
    const to = numberEndingIn(9);
    const { processInstanceKey } = await tp().platform.zeebe.createProcessInstance({
      bpmnProcessId: PhoneCallProcess.id,
      variables: { to, mode: 'agent', agentId: 'agent-0101', callTimeout: 'PT10M' },
    });
    const [placed] = await eventually(() => telephonyPeer.callsTo(to), (calls) => calls.length === 1);
    await callRecord(placed!.channelId, (c) => c?.state === 'ringing');

    // when the call timeout passes (again, should the instance have reached its wait only after a move)
    const call = await eventually(
      async () => {
        const current = await tp().platform.calls.find(placed!.channelId);
        if (current?.state !== 'ended') await tp().clock.advance(10 * 60_000 + 1_000);
        return current;
      },
      (c) => c?.state === 'ended',
      { intervalMs: 500 },
    );

    // then the call is recorded as failed, the peer's channel is gone and the instance ended
    expect(call).toMatchObject({ outcome: 'failed', cause: 0 });
    expect(call!.events.at(-1)).toMatchObject({ kind: 'hung-up' });
    const [after] = await eventually(() => telephonyPeer.callsTo(to), (calls) => calls[0]?.endedAt !== undefined);
    expect(after!.cause).toBe(16);
    await eventually(() => instanceIsActive(tp().platform.zeebe, processInstanceKey), (active) => !active);
  });

  it('the end of a call in flight arrives when the event stream drops and reconnects', async () => {
    // given an answered call that lasts a while
    const to = numberEndingIn(8);
    await telephonyPeer.setRule(to, { outcome: 'answered', ringMs: 300, talkMs: 3_000 });
    const ended = phoneCall({ to });
    const [placed] = await eventually(() => telephonyPeer.callsTo(to), (calls) => calls.length === 1);
    // ringing lasts 300 ms: a slow poll may first see the call answered, still in flight either way
    await callRecord(placed!.channelId, (c) => c?.state === 'ringing' || c?.state === 'answered');

    // when the network drops the stream mid-call
    expect((await telephonyPeer.dropConnections()).dropped).toBeGreaterThanOrEqual(1);

    // then the listener reconnects and the call's end still reaches the process
    expect(await ended).toMatchObject({ outcome: 'answered', cause: 16 });
  });

  it('a call that ended while nobody listened ends by what was known of it', async () => {
    // given no listener while a short call runs to its end
    await listener!.close();
    const to = numberEndingIn(1);
    const ended = phoneCall({ to });
    const [placed] = await eventually(() => telephonyPeer.callsTo(to), (calls) => calls[0]?.endedAt !== undefined);
    await callRecord(placed!.channelId, (c) => c?.state === 'dialing');

    // when a listener starts again
    listener = tp().platform.listenToCalls();

    // then it finds the call gone and ends it as failed (its real cause left with the channel)
    expect(await ended).toMatchObject({ outcome: 'failed', cause: 0 });
  });

  it('a burst of calls, as a campaign starts them, each reaches its own outcome', async () => {
    // given 100 phone-call instances started at once, over every default outcome
    const expected: Record<number, CallOutcome> = { 0: 'answered', 1: 'busy', 2: 'no-answer', 3: 'invalid-number', 4: 'fax' };
    const began = Date.now();
    const calls = Array.from({ length: 100 }, async (_, i) => {
      const lastDigit = i % 5;
      const started = Date.now();
      const result = await phoneCall({ to: numberEndingIn(lastDigit) });
      return { lastDigit, result, ms: Date.now() - started };
    });

    // then every instance ends with the outcome its number was set up for
    const results = await Promise.all(calls);
    const wallMs = Date.now() - began;
    for (const { lastDigit, result } of results) expect(result.outcome).toBe(expected[lastDigit]);
    const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
    if (process.env.CLOSELOOP_TEST_VERBOSE) {
      console.log(`100 calls in ${wallMs} ms; start-to-outcome p50 ${latencies[49]} ms, p95 ${latencies[94]} ms, max ${latencies[99]} ms`);
    }
  });

  describe('the agent API', () => {
    const as = (user: string) => apiAs(tp().app, user);

    it("places an agent's preview call once per request id, and shows it to whom it may", async () => {
      // given an agent's request to call a customer
      const to = numberEndingIn(0);
      const request = { requestId: randomUUID(), to };

      // when the agent sends it, twice
      const placed = await as('agent-0101').post('/api/calls', request);
      const again = await as('agent-0101').post('/api/calls', request);

      // then one call is placed, it runs to its end, and the agent reads it in full
      expect(placed.status).toBe(201);
      expect(placed.body).toMatchObject({ to, mode: 'agent', agentId: 'agent-0101' });
      expect(again.status).toBe(200);
      expect(again.body.callId).toBe(placed.body.callId);
      const callId = String(placed.body.callId);
      await callRecord(callId, (c) => c?.state === 'ended');
      expect(await telephonyPeer.callsTo(to)).toHaveLength(1);
      const mine = await as('agent-0101').get(`/api/calls/${callId}`);
      expect(mine.body).toMatchObject({ to, state: 'ended', outcome: 'answered', recordings: [callId] });

      // and an auditor sees it with the number masked, a supervisor of another department and another agent not at all
      const audited = await as('auditor-1').get(`/api/calls/${callId}`);
      expect(audited.status).toBe(200);
      expect(audited.body.to).not.toBe(to);
      expect(audited.body.to).toMatch(/\*{4}/);
      expect((await as('billing-sup').get(`/api/calls/${callId}`)).status).toBe(404);
      expect((await as('agent-0102').get(`/api/calls/${callId}`)).status).toBe(404);
      expect((await as('center-sup').get(`/api/calls/${callId}`)).body.to).toBe(to);
    });

    it('refuses bad requests with a code and places nothing', async () => {
      const to = numberEndingIn(0);
      const bad = await as('agent-0101').post('/api/calls', { requestId: randomUUID(), to: 'call me' });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');

      const handler = await as('billing-h1').post('/api/calls', { requestId: randomUUID(), to });
      expect(handler.status).toBe(403);

      const requestId = randomUUID();
      expect((await as('agent-0101').post('/api/calls', { requestId, to })).status).toBe(201);
      const reused = await as('agent-0102').post('/api/calls', { requestId, to });
      expect(reused.status).toBe(422);
      expect(reused.body.code).toBe('CALL_REQUEST_REUSED');
      await callRecord(`call-${requestId}`, (c) => c?.state === 'ended');
      expect(await telephonyPeer.callsTo(to)).toHaveLength(1);
    });
  });
});
