/**
 * Wraps `work` so that calls run one after another, never overlapping: the next starts when the
 * previous one settled (fulfilled or not). For work that several events may start at once (an
 * import, then `permissions.onAdded` a moment later), where two overlapping runs would conflict.
 */
export function oneAtATime<A extends unknown[], R>(
  work: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  let queue: Promise<unknown> = Promise.resolve();
  return (...args: A) => {
    const run = queue.then(
      () => work(...args),
      () => work(...args),
    );
    queue = run.catch(() => undefined);
    return run;
  };
}
