/** kafkajs wraps a retriable error it gave up on in a non-retriable one: look down the causes. */
export function isRetriable(error: unknown): boolean {
  for (let e = error as { retriable?: boolean; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.retriable === true) return true;
  }
  return false;
}

/**
 * Runs `attempt` until it succeeds, retrying only errors kafkajs marks
 * retriable, with a linearly growing pause. Right after a broker starts, its
 * metadata and group coordinators are still loading ("does not host this
 * topic-partition", "not the correct coordinator"): a few tries ride that out,
 * where one try would stop an app at boot.
 */
export async function retryRetriable<T>(
  attempt: () => Promise<T>,
  { tries = 5, pauseMs = 500 }: { tries?: number; pauseMs?: number } = {},
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= tries || !isRetriable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, pauseMs * n));
    }
  }
}
