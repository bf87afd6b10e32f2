import { deployProcesses } from '../../adapters/zeebe/deploy-processes';
import { processesDir } from '../../runtime/paths';
import { useTestPlatform } from '../support/test-platform';

describe('deploying processes/', () => {
  const tp = useTestPlatform({ workers: false });

  it('deploys every diagram and decision, and a redeploy of unchanged files creates no new version', async () => {
    const first = await deployProcesses(tp().platform.zeebe, processesDir());
    const second = await deployProcesses(tp().platform.zeebe, processesDir());

    expect(first.map((d) => d.id).sort()).toEqual(['campaign', 'campaign-contact', 'customer-callback', 'escalation', 'phone-call', 'routing', 'sla-clock', 'work-order']);
    expect(second).toEqual(first);
  });
});
