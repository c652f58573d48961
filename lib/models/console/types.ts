/**
 * Reply types the console's views draw, re-exported so components depend on models, never on
 * messaging or storage modules (lint zones).
 */
export type { SequenceSummary, TemplateSummary } from '../../messaging/protocol';
export type { StepStatsDoc } from '../../store/types';
export type {
  SeenField,
  SegmentLogDoc,
  SegmentSummary,
  SimulationResult,
} from '../../messaging/protocol';
