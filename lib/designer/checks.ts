/**
 * What the designer checks with the pack validator (zod and every rule): live problems and the
 * JSON view's reading. One module, so the console loads the validator on its own, after it has
 * drawn the sequence, instead of before (it is most of the designer's code).
 */
export { checkDraft } from './problems';
export { readDraftText } from './json-view';
