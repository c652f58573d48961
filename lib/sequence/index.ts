/** Public API of lib/sequence: the pack format, its validation, import planning and export. */
export * from './types';
export { parsePack, validatePackValue } from './parse';
export type { ParseOptions, ParseResult, Problem } from './parse';
export {
  walkSteps,
  findStep,
  countSteps,
  defaultStepName,
  stepName,
  formatDuration,
  abVersionStep,
  sellerStep,
} from './steps';
export type { StepVisit } from './steps';
export { planImport } from './plan';
export type { ImportPlan, SequencePlan, SegmentPlan, CrmPlan } from './plan';
export { segmentActivationProblems } from './segment-activation';
export type { SegmentTarget } from './segment-activation';
export { exportPack, exportPackText } from './export';
export { checkActivation } from './activation';
export type { ActivationContext } from './activation';
export { renderTemplate, mergeFields } from './template';
export type { RenderedTemplate, TemplateFields } from './template';
export { packJsonSchema, packJsonSchemaText } from './json-schema';
export {
  packSchema,
  sequenceSchema,
  stepSchema,
  conditionSchema,
  crmSchema,
  segmentSchema,
} from './schema';
export { sameJson, canonicalJson } from './canonical';
export * from './limits';
