import { CrmEditor } from '@/components/crm-editor/crm-editor';
import {
  createCrmEditorModel,
  type CrmEditorDeps,
  type CrmEditorModel,
} from '@/lib/models/crm-editor-model';

/**
 * The "Your CRMs" editor with its model, in a chunk of its own (console-app.tsx loads it when
 * the CRMs section is first shown). One model for the page's life, made and loaded on first
 * show, so a half-typed CRM survives switching sections and back.
 */
let model: CrmEditorModel | null = null;

export function CrmEditorPart({ deps }: { deps: CrmEditorDeps }) {
  if (model === null) {
    model = createCrmEditorModel(deps);
    void model.load();
  }
  return <CrmEditor model={model} />;
}
