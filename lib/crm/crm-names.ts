/**
 * A CRM's name as a seller knows it ("Salesforce", "Acme CRM"), for sentences that name it.
 * Built-in names come from `built-in-names.ts`; custom CRMs (the policy's, the console's, a
 * pack's) carry their own `name`. An id nobody defines (a CRM removed since the record was seen)
 * is shown as the id itself, which is still what the record says.
 */
import { builtInCrmName } from './built-in-names';
import { mergeCrms, type CrmState } from './custom-registry';

/** The display name of CRM id `crm`, given the stored CRMs `state`; never empty. */
export function crmName(crm: string, state: CrmState): string {
  return (
    builtInCrmName(crm) ??
    mergeCrms(state).find(({ definition }) => definition.id === crm)?.definition.name ??
    crm
  );
}
