import { useTestPlatform } from '../support/test-platform';
import { apiAs } from '../support/work-orders';

/**
 * Runs after every other test file (test/support/sequencer.js): every SLA clock the whole test
 * run started, in every scenario the other files walked (warnings, breaches, escalations, pauses,
 * re-plans, cancellations), must re-derive from its journal and the calendar versions it names.
 */
describe('the SLA journal of the whole test run', () => {
  const tp = useTestPlatform({ workers: false });

  it('re-derives every deadline from the journal alone, and no timer fired early', async () => {
    const verified = await apiAs(tp().app, 'auditor-1').get('/api/sla/verify');
    expect(verified.status).toBe(200);
    expect(verified.body.mismatches).toEqual([]);
    const clocks = await tp().platform.sla.findReportClocks({});
    expect(verified.body.clocks).toBe(clocks.length);
    // the run walked every kind of clock event, so the check covered each of them
    const events = new Set((await tp().platform.sla.journalAll()).map((line) => line.event));
    for (const event of ['planned', 'warned', 'paused', 'resumed', 'replanned', 'breached', 'escalated', 'met', 'late', 'cancelled']) expect(events).toContain(event);
  });

  it('is for auditors and admins only', async () => {
    expect((await apiAs(tp().app, 'billing-h1').get('/api/sla/verify')).status).toBe(403);
  });
});
