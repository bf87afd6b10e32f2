import type { CampaignRunner } from '../services/campaign-runner';

/** What the campaign workers use: the runner that holds the campaign's and its contacts' rules. */
export interface CampaignWorkerDeps {
  readonly campaignRunner: CampaignRunner;
}
