/**
 * Is one version of an A/B test step clearly better? (issue #19: "95 % confidence with at least
 * 50 records per version"). A two-sided, pooled two-proportion z-test on the step's metric; the
 * choice and its limits are explained in docs/sequence-format.md ("A/B test steps").
 *
 * Pure: the caller passes the connections (and, for a `success` metric on a field rule, the
 * record's field captures); nothing here reads a clock or storage.
 */
import type { AbMetric, AbTestStep, AbVersion, SuccessRule } from '../sequence/types';
import { isSuccess, type FieldChange } from './success';
import type { AbTestEnd, Connection } from './types';

/** Records per version before a winner can be named. */
const AB_MIN_RECORDS = 50;
/** Confidence needed to call a version clearly better (two-sided). */
const AB_CONFIDENCE = 0.95;

/** How one version did: records that got it and were sent it, and how many of those converted. */
export interface AbVersionCounts {
  records: number;
  conversions: number;
}

interface AbVersionResult extends AbVersionCounts {
  /** conversions / records; 0 without records. */
  rate: number;
}

export interface AbComparison {
  a: AbVersionResult;
  b: AbVersionResult;
  /** The z statistic of rate a minus rate b; null when it cannot be computed (no records, or no spread). */
  z: number | null;
  /** Two-sided p-value; null with `z`. */
  pValue: number | null;
  /** 1 - pValue: how sure we are that the rates differ; 0 when unknown. */
  confidence: number;
  /** Both versions have at least AB_MIN_RECORDS records. */
  enoughRecords: boolean;
  /** The clearly better version, or null. */
  winner: AbVersion | null;
  verdict: 'not-enough-records' | 'no-clear-difference' | 'clearly-better';
}

/**
 * erfc(x), Chebyshev fit with a fractional error below 1.2e-7 everywhere (Numerical Recipes,
 * `erfcc`): plenty for a confidence shown as a percentage with one decimal.
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

function result(counts: AbVersionCounts): AbVersionResult {
  return { ...counts, rate: counts.records === 0 ? 0 : counts.conversions / counts.records };
}

/**
 * Compares the two versions' conversion rates with a pooled two-proportion z-test:
 * p = (xa + xb) / (na + nb), se = sqrt(p (1 - p) (1/na + 1/nb)), z = (xa/na - xb/nb) / se,
 * p-value = erfc(|z| / sqrt 2). A version is clearly better when both have at least
 * `AB_MIN_RECORDS` records and the confidence 1 - p-value is at least `AB_CONFIDENCE`.
 */
export function compareVersions(a: AbVersionCounts, b: AbVersionCounts): AbComparison {
  const ra = result(a);
  const rb = result(b);
  const enoughRecords = a.records >= AB_MIN_RECORDS && b.records >= AB_MIN_RECORDS;
  let z: number | null = null;
  let pValue: number | null = null;
  if (a.records > 0 && b.records > 0) {
    const pooled = (a.conversions + b.conversions) / (a.records + b.records);
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.records + 1 / b.records));
    // Both rates 0 % or both 100 %: no spread, no evidence of a difference.
    if (se > 0) {
      z = (ra.rate - rb.rate) / se;
      pValue = Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
    }
  }
  const confidence = pValue === null ? 0 : 1 - pValue;
  const clearly = enoughRecords && z !== null && z !== 0 && confidence >= AB_CONFIDENCE;
  return {
    a: ra,
    b: rb,
    z,
    pValue,
    confidence,
    enoughRecords,
    winner: clearly && z !== null ? (z > 0 ? 'a' : 'b') : null,
    verdict: !enoughRecords
      ? 'not-enough-records'
      : clearly
        ? 'clearly-better'
        : 'no-clear-difference',
  };
}

/** One connection of the sequence, and (for a `success` metric on a field rule) its record's captures. */
export interface AbTestEntry {
  connection: Pick<
    Connection,
    'sequenceId' | 'status' | 'connectedAt' | 'endedAt' | 'emailEvents' | 'steps'
  >;
  fieldChanges?: readonly FieldChange[];
}

/**
 * Counts each version of A/B step `step` of sequence `sequenceId`: a record counts when it got
 * the version by the split (not as the winner or default after the test ended) and the step was
 * completed (the message was sent: by the seller, or by the mailbox seeing it go out). It converts when the metric happened: a reply, open or
 * click recorded on that step, or, for `success`, the connection counts as a success of the
 * sequence under `success` (its rule; the default when undefined).
 */
export function countAbTest(
  entries: readonly AbTestEntry[],
  sequenceId: string,
  step: Pick<AbTestStep, 'id' | 'metric'>,
  options: { success?: SuccessRule | undefined; now: number; timeZone: string },
): Record<AbVersion, AbVersionCounts> {
  const counts: Record<AbVersion, AbVersionCounts> = {
    a: { records: 0, conversions: 0 },
    b: { records: 0, conversions: 0 },
  };
  for (const { connection, fieldChanges } of entries) {
    if (connection.sequenceId !== sequenceId) continue;
    // Completed by the seller, or by the mailbox when it saw the version's email go out (`auto`).
    const sent = connection.steps.find(
      (record) =>
        record.stepId === step.id && (record.result === 'completed' || record.result === 'auto'),
    );
    if (sent?.ab?.by !== 'split') continue;
    const version = counts[sent.ab.version];
    version.records++;
    if (converted(step.metric, step.id, connection, fieldChanges, options)) version.conversions++;
  }
  return counts;
}

function converted(
  metric: AbMetric,
  stepId: string,
  connection: AbTestEntry['connection'],
  fieldChanges: readonly FieldChange[] | undefined,
  options: { success?: SuccessRule | undefined; now: number; timeZone: string },
): boolean {
  if (metric === 'success') {
    return isSuccess(options.success, {
      connection,
      ...(fieldChanges === undefined ? {} : { fieldChanges }),
      now: options.now,
      timeZone: options.timeZone,
    });
  }
  return connection.emailEvents.some((event) => event.type === metric && event.stepId === stepId);
}

/** What the manager decided for a test: ended by hand, with the version they picked (or none). */
export interface AbManualEnd {
  endedAt: number;
  winner: AbVersion | null;
}

/**
 * Whether the test of `step` has ended at `now`, and with which winner: what the background
 * passes to the engine as `abTestEnded`. Ended by the manager (their pick, or none); ended by
 * `ends.when: "significant"` as soon as one version is clearly better; ended by `ends.at` once
 * that instant has passed (the clearly better version, if any). Undefined while it runs.
 * Without a winner, records get the step's `default`.
 */
export function decideAbTest(
  step: Pick<AbTestStep, 'ends'>,
  comparison: Pick<AbComparison, 'winner'>,
  now: number,
  manual?: AbManualEnd,
): AbTestEnd | undefined {
  if (manual !== undefined && manual.endedAt <= now) return { winner: manual.winner };
  const ends = step.ends;
  if (ends === undefined) return undefined;
  if ('when' in ends) return comparison.winner === null ? undefined : { winner: comparison.winner };
  const at = Date.parse(ends.at);
  return Number.isFinite(at) && now >= at ? { winner: comparison.winner } : undefined;
}
