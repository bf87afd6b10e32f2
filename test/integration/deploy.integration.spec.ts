import { mongoProcessDeployments } from '../../adapters/mongo/process-deployment.repository';
import { deployFiles } from '../../adapters/zeebe/deploy-processes';
import { processesDir } from '../../runtime/paths';
import { deployProcessesAtStart } from '../../services/process-startup-deploy';
import { useTestPlatform } from '../support/test-platform';

describe('deploying processes/ at start-up', () => {
  const tp = useTestPlatform({ workers: false });

  it('deploys every diagram and decision, and a redeploy of unchanged files creates no new version', async () => {
    // the start-up path (it keeps a designer's newer version: docs/process-designer.md), so
    // the versions it makes are recorded like those of a real start
    const deploy = () =>
      deployProcessesAtStart(processesDir(), {
        deployments: mongoProcessDeployments(tp().platform.mongo),
        deployFiles: (files) => deployFiles(tp().platform.zeebe, files),
        clock: tp().platform.clock,
        log: () => undefined,
      });
    const first = await deploy();
    const second = await deploy();

    expect(first.map((d) => d.id).sort()).toEqual(['campaign', 'campaign-contact', 'customer-callback', 'escalation', 'phone-call', 'routing', 'sla-clock', 'work-order']);
    expect(second).toEqual(first);
  });
});
