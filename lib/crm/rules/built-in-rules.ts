import { attioRule } from './attio';
import { closeRule } from './close';
import { copperRule } from './copper';
import { dynamics365Rule } from './dynamics365';
import { espocrmRule } from './espocrm';
import { freshsalesRule } from './freshsales';
import { hubspotRule } from './hubspot';
import { insightlyRule } from './insightly';
import { odooRule } from './odoo';
import { pipedriveRule } from './pipedrive';
import { salesforceRule } from './salesforce';
import { sugarcrmRule } from './sugarcrm';
import { suitecrmRule } from './suitecrm';
import { twentyRule } from './twenty';
import type { CrmRule } from './types';
import { vtigerRule } from './vtiger';
import { zohoRule } from './zoho';

/** Every built-in rule, one per CRM. Host tests are disjoint, so order does not matter. */
export const RULES: readonly CrmRule[] = [
  dynamics365Rule,
  salesforceRule,
  hubspotRule,
  pipedriveRule,
  zohoRule,
  freshsalesRule,
  closeRule,
  copperRule,
  attioRule,
  insightlyRule,
  twentyRule,
  espocrmRule,
  suitecrmRule,
  odooRule,
  vtigerRule,
  sugarcrmRule,
];

export const RULES_BY_CRM: ReadonlyMap<string, CrmRule> = new Map(
  RULES.map((rule) => [rule.crm, rule]),
);
