/**
 * A value made on first use and shared after: `once(make)` returns a getter that calls `make`
 * the first time it is called and returns that same value every time after. Used for what is
 * costly to build and not needed at every start, such as zod schemas (building one binds every
 * method to the new instance): the service worker starts for each event, and its script's top
 * level runs before the first message can be answered.
 * A `make` that throws is called again on the next call.
 */
export function once<T>(make: () => T): () => T {
  let made = false;
  let value: T | undefined;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}
