/**
 * "The latest request wins": a model that asks the background again (a new visit, a filter, a
 * new check) must not let an earlier, slower answer overwrite the later one. Every model that
 * loads on demand keeps one of these instead of its own counter.
 */
export interface LatestRequest {
  /**
   * Starts a request. The returned function says whether it is still the latest one, i.e. no
   * `begin` or `forget` came after it; check it after every `await` before applying anything.
   */
  begin(): () => boolean;
  /** Makes every request on its way stale (a new visit, a disposed page) without starting one. */
  forget(): void;
}

export function latestRequest(): LatestRequest {
  let generation = 0;
  return {
    begin() {
      const mine = ++generation;
      return () => mine === generation;
    },
    forget() {
      generation += 1;
    },
  };
}
