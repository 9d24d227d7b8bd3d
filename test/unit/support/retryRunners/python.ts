// The python runners of the retry behaviour suite (see ../retryHarness.ts for the driver protocol).
import type { RetryRunner } from '../retryHarness';

export const pythonRunners: RetryRunner[] = [];
