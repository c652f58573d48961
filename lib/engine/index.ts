/** The engine's public API: a pure, deterministic state machine over one CRM record. */
export { apply, createRecordState } from './apply';
export { nextWakeUp } from './wake-up';
export { effectiveDueAt, isActionable, stepKind, type StepKind } from './due';
export {
  currentSteps,
  dueNow,
  history,
  pathAhead,
  progress,
  type AheadStep,
  type CurrentStepView,
  type HistoryEntry,
} from './queries';
export { checkInvariants } from './invariants';
export {
  evaluateSegments,
  hostMatches,
  rankSegments,
  segmentConditionHolds,
  segmentFieldKeys,
  segmentFields,
  type SegmentConnectReason,
  type SegmentConnection,
  type SegmentDecision,
  type SegmentEvaluation,
  type SegmentRecord,
  type SegmentResult,
  type SegmentTrigger,
} from './segments';
export { abHashKey, chooseAbVersion, fnv1a32, splitVersion } from './ab-test';
export {
  AB_CONFIDENCE,
  AB_MIN_RECORDS,
  compareVersions,
  countAbTest,
  decideAbTest,
  type AbComparison,
  type AbManualEnd,
  type AbTestEntry,
  type AbVersionCounts,
  type AbVersionResult,
} from './ab-statistics';
export { evaluate, type Truth } from './conditions';
export {
  isSuccess,
  successAt,
  successRuleOf,
  type FieldChange,
  type SuccessFacts,
} from './success';
export { adjustDue, type AwayPeriod } from './time/away';
export { addDuration, addWorkingDays, addWorkingHours, toWorkingTime } from './time/working-time';
export { formatInstant, fromZoned, isValidTimeZone, toZoned } from './time/zoned';
export type * from './types';
