import { PLATFORM_DEPLOYER, type ProcessDeployment } from '../../../adapters/mongo/process-deployment.repository';
import { contentAtStart } from '../../../services/process-startup-deploy';

const row = (version: number, deployedBy: string, xml: string): ProcessDeployment => ({
  _id: `work-order@${version}`,
  resourceId: 'work-order',
  kind: 'process',
  version,
  key: String(version),
  resourceName: 'work-order.bpmn',
  xml,
  deployedBy,
  deployedAt: new Date(0),
  comment: '',
});
const xmlOf = (d: Omit<ProcessDeployment, 'xml'>): string => (d as ProcessDeployment).xml;
const file = { name: 'work-order.bpmn', content: 'file v1' };

describe('what processes/ deploys at start-up', () => {
  it('deploys the file when nobody deployed anything else', () => {
    expect(contentAtStart(file, [], xmlOf)).toEqual({ content: 'file v1' });
    expect(contentAtStart(file, [row(1, PLATFORM_DEPLOYER, 'file v1')], xmlOf)).toEqual({ content: 'file v1' });
  });

  it("keeps a designer's newer version while the file is the one the platform deployed before", () => {
    const rows = [row(1, PLATFORM_DEPLOYER, 'file v1'), row(2, 'designer-1', 'designed')];
    expect(contentAtStart(file, rows, xmlOf)).toEqual({ content: 'designed', designerVersion: rows[1] });
  });

  it("deploys a changed file (a release) over the designer's version and says so", () => {
    const rows = [row(1, PLATFORM_DEPLOYER, 'file v0'), row(2, 'designer-1', 'designed')];
    expect(contentAtStart(file, rows, xmlOf)).toEqual({ content: 'file v1', superseded: rows[1] });
  });
});
