import { isNotFound, type ZeebeClient } from '../../adapters/zeebe/zeebe-client';

/**
 * Whether a process instance is still active in the engine, asked without secondary storage:
 * setting a (harmless) variable on it succeeds only while it runs, and answers NOT_FOUND once
 * it has ended.
 */
export async function instanceIsActive(zeebe: ZeebeClient, processInstanceKey: string): Promise<boolean> {
  try {
    await zeebe.setVariables({ elementInstanceKey: processInstanceKey, variables: { probedAt: Date.now() }, local: false });
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}
