import type { ComponentChildren } from 'preact';

import { builtInCrmName } from '../../lib/crm/built-in-names';
import type { CrmId } from '../../lib/crm/rules/types';

/**
 * The CRMs section: which CRMs Upnext recognises out of the box, what it reads there, and how a
 * self-hosted or custom one is added (the "Your CRMs" editor passed in, a pack, or the
 * administrator's policy). The lists are static on purpose: they match lib/crm/rules and
 * docs/crms.md; the names are the built-in CRMs' own (lib/crm/built-in-names.ts).
 */
interface CrmInfo {
  /** Its name comes from lib/crm/built-in-names.ts, as everywhere else. */
  id: CrmId;
  /** The versions Upnext knows, after the name ("SuiteCRM 7 and 8"). */
  versions?: string;
  hosts: string;
  records: string;
}

const BUILT_IN: readonly CrmInfo[] = [
  {
    id: 'dynamics365',
    hosts: '*.crm.dynamics.com and regional crm2–crm21',
    records: 'Leads, contacts, accounts, opportunities',
  },
  {
    id: 'salesforce',
    hosts: '*.lightning.force.com, *.my.salesforce.com',
    records: 'Leads, contacts, accounts, opportunities (Lightning and Classic)',
  },
  {
    id: 'hubspot',
    hosts: 'app.hubspot.com, app-eu1.hubspot.com, …',
    records: 'Contacts, companies, deals, leads',
  },
  {
    id: 'pipedrive',
    hosts: '<company>.pipedrive.com',
    records: 'People, organizations, deals, leads',
  },
  {
    id: 'zoho',
    hosts: 'crm.zoho.com, .eu, .in, .com.au, .jp, .uk, .sa, zohocloud.ca',
    records: 'Leads, contacts, accounts, deals',
  },
  {
    id: 'freshsales',
    hosts: '<domain>.myfreshworks.com, <domain>.freshsales.io',
    records: 'Leads, contacts, accounts, deals',
  },
  { id: 'close', hosts: 'app.close.com', records: 'Leads, contacts' },
  { id: 'copper', hosts: 'app.copper.com', records: 'People, companies, opportunities, leads' },
  { id: 'attio', hosts: 'app.attio.com', records: 'People, companies, deals' },
  {
    id: 'insightly',
    hosts: 'crm.insightly.com and regional pods',
    records: 'Leads, contacts, organisations, opportunities',
  },
  {
    id: 'twenty',
    hosts: 'app.twenty.com, <workspace>.twenty.com',
    records: 'People, companies, opportunities',
  },
  { id: 'odoo', hosts: '<database>.odoo.com', records: 'CRM leads and opportunities, contacts' },
  {
    id: 'sugarcrm',
    hosts: '*.sugarondemand.com',
    records: 'Leads, contacts, accounts, opportunities',
  },
];

const SELF_HOSTED: readonly CrmInfo[] = [
  {
    id: 'espocrm',
    hosts: 'Your own server',
    records: 'Leads, contacts, accounts, opportunities',
  },
  {
    id: 'suitecrm',
    versions: '7 and 8',
    hosts: 'Your own server',
    records: 'Leads, contacts, accounts, opportunities',
  },
  {
    id: 'vtiger',
    hosts: 'Your own server',
    records: 'Leads, contacts, organizations, opportunities',
  },
];

const EXAMPLE = `{
  "format": "upnext/v1",
  "sequences": [],
  "crms": [
    {
      "id": "acme-crm",
      "name": "Acme CRM",
      "origins": ["https://crm.acme.example"],
      "records": [
        { "entity": "lead", "url": "/leads/(?<id>\\\\d+)", "part": "path" }
      ],
      "fields": { "email": ["[data-field=email]"] }
    }
  ]
}`;

function CrmTable({ caption, crms }: { caption: string; crms: readonly CrmInfo[] }) {
  return (
    <div class="table-wrap">
      <table class="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">CRM</th>
            <th scope="col">Where</th>
            <th scope="col">Record pages Upnext recognises</th>
          </tr>
        </thead>
        <tbody>
          {crms.map((crm) => (
            <tr key={crm.id}>
              <th scope="row">
                {builtInCrmName(crm.id) ?? crm.id}
                {crm.versions === undefined ? '' : ` ${crm.versions}`}
              </th>
              <td>{crm.hosts}</td>
              <td>{crm.records}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CrmsSection({ editor }: { editor?: ComponentChildren }) {
  return (
    <section class="section" aria-labelledby="section-title">
      <header class="section__header">
        <div>
          <h1 id="section-title">CRMs</h1>
          <p class="muted">
            Upnext shows its panel on a record page of these CRMs and nowhere else. It reads the
            page it is on (name, email, phone and similar fields for templates) and never sends
            anything to a server: your data stays in this browser.
          </p>
        </div>
      </header>
      <CrmTable caption="Built in: works as soon as the extension is installed" crms={BUILT_IN} />
      {editor !== undefined && (
        <>
          <h2>Your CRMs</h2>
          {editor}
        </>
      )}
      <h2>Self-hosted CRMs</h2>
      <p>
        These run on your own server, so Upnext cannot know their address in advance. Add yours with{' '}
        <strong>Add a self-hosted CRM</strong> under Your CRMs: its address and which CRM it is.
        Your browser asks once whether Upnext may run on that address; from then on Upnext
        recognises its record pages. Your administrator can also set them up for you, and a pack can
        bring one along.
      </p>
      <CrmTable caption="Self-hosted: recognised once you add their address" crms={SELF_HOSTED} />
      <h2>Custom CRMs from packs</h2>
      <p>
        Any web CRM whose record pages have the record id in the address can be added. A pack’s{' '}
        <code>crms</code> list describes it: the addresses (<code>origins</code>), a pattern per
        record type that finds the id in the URL, and optionally where to read fields. When you
        import the pack, the dry run lists each custom CRM and the addresses Upnext will ask
        permission for; the import then asks once per address.
      </p>
      <details class="example">
        <summary>Example: a custom CRM in a pack</summary>
        <pre>
          <code>{EXAMPLE}</code>
        </pre>
      </details>
      <p class="muted">
        The format is described in the sequence pack documentation (
        <code>docs/sequence-pack.schema.json</code> in the project).
      </p>
    </section>
  );
}
