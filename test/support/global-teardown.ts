import { TEST_PROFILE } from '../../config/local-profiles';
import { stopLocalRuntime } from '../../runtime/local-runtime';

/** Stops what global-setup.ts started; CLOSELOOP_KEEP_TEST_RUNTIME=1 keeps it for the next run. */
export default async function globalTeardown(): Promise<void> {
  const started = globalThis.closeloopStartedParts ?? [];
  if (started.length === 0 || process.env.CLOSELOOP_KEEP_TEST_RUNTIME === '1') return;
  await stopLocalRuntime(TEST_PROFILE, { names: started });
}
