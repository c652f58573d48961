import { fail, ok, type Reply } from '@/lib/messaging/result';
import { StoreError } from '@/lib/store/sequences-repo';

/**
 * Runs a use case: its refusals (`StoreError`: invalid pack, not found, rejected) become readable
 * failures; anything else is left to the router's "internal" answer.
 */
export async function guard<T>(work: () => Promise<T>): Promise<Reply<T>> {
  try {
    return ok(await work());
  } catch (error) {
    if (error instanceof StoreError) return fail(error.code, error.message, error.details);
    throw error;
  }
}
