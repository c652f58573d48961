/**
 * The browser side of the administrator's policy (lib/use-cases/apply-policy.ts; how-to:
 * docs/admin.md): reading `storage.managed`, downloading the pack with a time limit, and the
 * daily alarm that re-checks it. The listeners that start it are registered in index.ts.
 *
 * Managed storage never grants host permissions: a policy instance still needs the host granted
 * (ExtensionSettings `runtime_allowed_hosts` does not grant either; see docs/admin.md).
 */
import { t } from '@/lib/i18n';
import { browser } from 'wxt/browser';

import type { PolicyStatus } from '@/lib/store/settings';
import type { Database } from '@/lib/store/db';
import {
  applyManagedPolicy,
  type PackDownload,
  type PolicyPorts,
} from '@/lib/use-cases/apply-policy';
import { oneAtATime } from '@/lib/use-cases/one-at-a-time';

import type { BackgroundDeps } from './context';
import { reconcileContentScripts, type CustomCrmApi } from './custom-crms';

export const POLICY_ALARM = 'upnext-policy-pack';
const DAY_MINUTES = 24 * 60;
const FETCH_TIMEOUT_MS = 15_000;

export interface PolicyDeps {
  db: () => Promise<Database>;
  now: () => number;
  afterChange?: BackgroundDeps['afterChange'];
  /** `storage.managed.get()`; defaults to the browser's, `{}` where there is none. */
  readManaged?: () => Promise<unknown>;
  fetch?: typeof fetch;
  fetchTimeoutMs?: number;
  /** Re-registers content scripts after the policy CRMs changed. */
  reconcile?: () => Promise<unknown>;
  alarms?: {
    get: (name: string) => Promise<unknown>;
    create: (name: string, info: { delayInMinutes: number; periodInMinutes: number }) => unknown;
    clear: (name: string) => Promise<unknown>;
  };
  crmApi?: CustomCrmApi;
}

/** Firefox without a policy, or a browser without managed storage: no policy, not an error. */
async function readManagedStorage(): Promise<unknown> {
  const area = (browser.storage as { managed?: { get: (keys: null) => Promise<unknown> } }).managed;
  if (area === undefined) return {};
  try {
    return await area.get(null);
  } catch {
    return {};
  }
}

async function fetchText(
  url: string,
  fetchImpl: typeof fetch,
  timeoutMs: number,
): Promise<PackDownload> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Raced as well as aborted: a stuck request must never hold the policy queue.
  const timeout = new Promise<PackDownload>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({
        ok: false,
        message: `${url} did not answer within ${Math.round(timeoutMs / 1000)} seconds.`,
      });
    }, timeoutMs);
  });
  const download = (async (): Promise<PackDownload> => {
    try {
      const response = await fetchImpl(url, { signal: controller.signal, cache: 'no-store' });
      if (!response.ok)
        return { ok: false, message: t('errServerStatus', String(response.status), url) };
      return { ok: true, text: await response.text() };
    } catch (error) {
      return { ok: false, message: t('errDownloadFailed', url, String(error)) };
    }
  })();
  try {
    return await Promise.race([download, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const runQueued = oneAtATime(
  async (deps: PolicyDeps, fetchPack: boolean): Promise<PolicyStatus> => {
    const alarms = deps.alarms ?? browser.alarms;
    const ports: PolicyPorts = {
      db: await deps.db(),
      now: deps.now(),
      readManaged: deps.readManaged ?? readManagedStorage,
      download: (url) =>
        fetchText(
          url,
          deps.fetch ?? globalThis.fetch.bind(globalThis),
          deps.fetchTimeoutMs ?? FETCH_TIMEOUT_MS,
        ),
      dailyCheck: async (wanted) => {
        if (!wanted) await alarms.clear(POLICY_ALARM);
        else if ((await alarms.get(POLICY_ALARM)) === undefined)
          await alarms.create(POLICY_ALARM, {
            delayInMinutes: DAY_MINUTES,
            periodInMinutes: DAY_MINUTES,
          });
      },
      reconcile:
        deps.reconcile ?? (() => reconcileContentScripts({ db: deps.db, crmApi: deps.crmApi })),
      ...(deps.afterChange === undefined ? {} : { afterChange: deps.afterChange }),
    };
    return applyManagedPolicy(ports, { fetchPack });
  },
);

/**
 * Reads the managed policy and applies it, one run at a time. Never throws for a bad policy or
 * an unreachable pack: the outcome is in the returned (and stored) `PolicyStatus`.
 */
export function applyPolicy(
  deps: PolicyDeps,
  options: { fetchPack?: boolean } = {},
): Promise<PolicyStatus> {
  return runQueued(deps, options.fetchPack ?? true);
}
