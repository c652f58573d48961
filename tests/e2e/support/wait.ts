/**
 * The one polling helper of the e2e tests: wait for a positive signal (a stored row, a reply, a
 * file, a decision of the content script), never for a fixed time. In assertions, vitest's
 * `expect.poll` does the same job.
 */
export interface WaitOptions {
  /** Give up after this many milliseconds (default 10 s). */
  timeout?: number;
  /** Poll every this many milliseconds (default 100). */
  interval?: number;
}

/**
 * Calls `probe` until it returns something other than `undefined`, `null` or `false`, and
 * returns that. A probe that throws counts as "not yet". Fails after `timeout`, saying what it
 * was waiting for (`what`) and the last error, if any.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: WaitOptions = {},
): Promise<T> {
  const timeout = options.timeout ?? 10_000;
  const interval = options.interval ?? 100;
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const message = lastError instanceof Error ? lastError.message : JSON.stringify(lastError);
      const cause = lastError === undefined ? '' : ` (last error: ${message})`;
      throw new Error(`Timed out after ${timeout} ms waiting for ${what}${cause}`);
    }
    await new Promise((done) => setTimeout(done, interval));
  }
}
