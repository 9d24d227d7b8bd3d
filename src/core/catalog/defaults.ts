// Defaults shared by the catalog-file reader and the retry code generators (no data imported here,
// so neither bundle pulls in the catalog).
import type { RetryPolicy } from './types';

/**
 * The extension's own backoff numbers, for APIs whose docs give none and for user APIs without a
 * retryPolicy (the hover says they are defaults).
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  strategy: 'exponential-jitter',
  baseDelayMs: 500,
  capSeconds: 30,
  maxAttempts: 5,
  jitter: 'full',
  documented: false,
  note: "The extension's defaults: the catalog gives no numbers.",
};
