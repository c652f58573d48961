// Salesforce Lightning-shaped skin of the demo CRM (pushState routing):
//   /lightning/r/{Lead|Contact|Account|Opportunity}/{18-char id}/view   record
//   /lightning/r/{id}/view                                              record, object from prefix
//   /lightning/o/{Object}/list                                          list view
//   /lightning/page/home                                                home
// Like LWC, the highlights panel (`records-highlights2`) renders inside an OPEN shadow root, and
// like Lightning the previous page stays in the DOM as a hidden cached view, so readers must
// only trust visible elements (docs/crm-reference.md, Salesforce gotchas).
import {
  append,
  avatarColor,
  clear,
  delay,
  formatDate,
  formatMoney,
  h,
  icon,
  initials,
  installHotkeys,
  interceptLinks,
  renderLatency,
  saveOverride,
  toast,
  withOverrides,
} from '/_demo/common/dom.mjs';
import { DEMO_DATA } from '/_demo/data.js';

const OBJECTS = {
  Lead: {
    entity: 'lead',
    prefix: '00Q',
    label: 'Lead',
    plural: 'Leads',
    records: DEMO_DATA.leads,
    color: '#f88962',
    iconName: 'lead',
  },
  Contact: {
    entity: 'contact',
    prefix: '003',
    label: 'Contact',
    plural: 'Contacts',
    records: DEMO_DATA.contacts,
    color: '#a094ed',
    iconName: 'contact',
  },
  Account: {
    entity: 'account',
    prefix: '001',
    label: 'Account',
    plural: 'Accounts',
    records: DEMO_DATA.accounts,
    color: '#7f8de1',
    iconName: 'account',
  },
  Opportunity: {
    entity: 'opportunity',
    prefix: '006',
    label: 'Opportunity',
    plural: 'Opportunities',
    records: DEMO_DATA.opportunities,
    color: '#fcb95b',
    iconName: 'opportunity',
  },
};
const OBJECT_OF_ENTITY = {
  lead: 'Lead',
  contact: 'Contact',
  account: 'Account',
  opportunity: 'Opportunity',
};
const LEAD_PATH = [
  'Open - Not Contacted',
  'Working - Contacted',
  'Closed - Converted',
  'Closed - Not Converted',
];
const OPPORTUNITY_PATH = [
  'Qualification',
  'Needs Analysis',
  'Proposal/Price Quote',
  'Negotiation/Review',
  'Closed',
];
const STAGE_TO_SF = {
  Qualify: 'Qualification',
  Develop: 'Needs Analysis',
  Propose: 'Proposal/Price Quote',
  Close: 'Negotiation/Review',
};

const bySfId = new Map();
const byGuid = new Map();
for (const meta of Object.values(OBJECTS)) {
  for (const record of meta.records) {
    bySfId.set(record.sfId, record);
    byGuid.set(record.guid, record);
  }
}

const nameOf = (record) =>
  record.entity === 'lead' || record.entity === 'contact'
    ? `${record.firstName} ${record.lastName}`
    : record.name;
const recordHref = (record) =>
  `/lightning/r/${OBJECT_OF_ENTITY[record.entity]}/${record.sfId}/view`;
const current = (guid) => (byGuid.has(guid) ? withOverrides(byGuid.get(guid)) : undefined);

function leadStatus(record) {
  if (record.status === 'New') return 'Open - Not Contacted';
  if (record.status === 'Contacted') return 'Working - Contacted';
  if (record.status === 'Qualified') return 'Closed - Converted';
  return 'Closed - Not Converted';
}
function opportunityStage(record) {
  if (record.status === 'Won') return 'Closed Won';
  if (record.status === 'Lost') return 'Closed Lost';
  return STAGE_TO_SF[record.stage] ?? 'Qualification';
}

function parsePath() {
  const path = location.pathname.replace(/\/+$/, '');
  let match = path.match(
    /^\/lightning\/r\/(?:([A-Za-z0-9_]+)\/)?([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)\/view$/,
  );
  if (match) return { kind: 'record', object: match[1], id: match[2] };
  match = path.match(/^\/lightning\/o\/([A-Za-z0-9_]+)\/(list|home)$/);
  if (match) return { kind: 'list', object: match[1] };
  return { kind: 'home' };
}

function navigate(url) {
  const target = new URL(url, location.href);
  if (target.href === location.href) return;
  history.pushState({}, '', target.href);
  void route();
}

// ---------------------------------------------------------------------------------------------
// Shell

const app = document.getElementById('app');
app.dataset.spa = '';
let viewport;
let tabs;
let search;

function buildShell() {
  search = h('input', {
    type: 'search',
    placeholder: 'Search...',
    'aria-label': 'Search',
    class: 'sf-search-input',
  });
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') toast('Global search is not part of the demo.');
  });
  const tab = (label, href, object) =>
    h(
      'li',
      { class: 'slds-context-bar__item', 'data-object': object ?? '' },
      h('a', { href, class: 'slds-context-bar__label-action', title: label }, label),
    );
  tabs = h(
    'ul',
    { class: 'slds-context-bar__secondary', role: 'list' },
    tab('Home', '/lightning/page/home', 'Home'),
    tab('Leads', '/lightning/o/Lead/list', 'Lead'),
    tab('Contacts', '/lightning/o/Contact/list', 'Contact'),
    tab('Accounts', '/lightning/o/Account/list', 'Account'),
    tab('Opportunities', '/lightning/o/Opportunity/list', 'Opportunity'),
  );
  viewport = h('div', { class: 'viewport', role: 'main' });
  append(
    clear(app),
    h(
      'header',
      { class: 'slds-global-header', role: 'banner' },
      h('div', { class: 'sf-logo', 'aria-label': 'Salesforce' }, h('span', { class: 'sf-cloud' })),
      h('div', { class: 'sf-search' }, icon('search'), search),
      h(
        'div',
        { class: 'sf-header-actions' },
        icon('star', 18),
        icon('plus', 18),
        icon('help', 18),
        icon('settings', 18),
        icon('bell', 18),
        h('span', { class: 'sf-me' }, 'PR'),
      ),
    ),
    h(
      'nav',
      { class: 'slds-context-bar', 'aria-label': 'Global' },
      h(
        'div',
        { class: 'sf-app' },
        h('span', { class: 'sf-waffle' }, icon('waffle', 18)),
        h('span', { class: 'sf-app-name' }, 'Sales'),
      ),
      tabs,
    ),
    viewport,
  );
  app.removeAttribute('aria-busy');
}

// ---------------------------------------------------------------------------------------------
// Highlights panel: a custom element with an open shadow root, like LWC's records-highlights2.

const HIGHLIGHTS_CSS = `
:host { display: block; background: #fff; border: 1px solid #dddbda; border-radius: .25rem; box-shadow: 0 2px 2px rgba(0,0,0,.1); padding: 12px 16px; }
.top { display: flex; align-items: center; gap: 12px; }
.tile { width: 32px; height: 32px; border-radius: 4px; display: grid; place-items: center; color: #fff; flex: none; }
.tile svg { width: 20px; height: 20px; }
.titles { flex: 1; min-width: 0; }
.object { font-size: 13px; color: #3e3e3c; }
h1 { margin: 0; font-size: 18px; font-weight: 700; color: #080707; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.actions { display: flex; list-style: none; margin: 0; padding: 0; }
.actions button { border: 1px solid #dddbda; background: #fff; color: #0176d3; padding: 0 14px; height: 32px; font: inherit; font-size: 13px; cursor: pointer; margin-left: -1px; }
.actions li:first-child button { border-radius: 4px 0 0 4px; }
.actions li:last-child button { border-radius: 0 4px 4px 0; }
.actions button:hover { background: #f3f3f3; }
.details { display: flex; flex-wrap: wrap; gap: 8px 40px; margin-top: 14px; }
records-highlights-details-item { display: block; min-width: 120px; }
.label { font-size: 12px; color: #3e3e3c; margin: 0 0 2px; }
.value { font-size: 14px; margin: 0; color: #181818; }
a { color: #0176d3; text-decoration: none; }
`;

let highlightsSheet;

class RecordsHighlights extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    if (!highlightsSheet) {
      highlightsSheet = new CSSStyleSheet();
      highlightsSheet.replaceSync(HIGHLIGHTS_CSS);
    }
    this.shadowRoot.adoptedStyleSheets = [highlightsSheet];
  }

  /** Renders the panel; `data` = { objectLabel, name, color, iconName, details: [[label, value, href?]], actions: [[label, onClick]] }. */
  render(data) {
    const detailItems = data.details.map(([label, value, href]) =>
      h(
        'records-highlights-details-item',
        null,
        h('p', { class: 'label', title: label }, label),
        h(
          'p',
          { class: 'value' },
          href ? h('a', { href }, value) : h('lightning-formatted-text', null, value),
        ),
      ),
    );
    append(
      clear(this.shadowRoot),
      h(
        'div',
        { class: 'top' },
        h('div', { class: 'tile', style: { background: data.color } }, icon(data.iconName, 20)),
        h(
          'div',
          { class: 'titles' },
          h('div', { class: 'object' }, data.objectLabel),
          h(
            'h1',
            { class: 'slds-page-header__title', title: data.name },
            h('lightning-formatted-name', null, data.name),
          ),
        ),
        h(
          'runtime_platform_actions-actions-ribbon',
          null,
          h(
            'ul',
            { class: 'actions slds-button-group-list' },
            data.actions.map(([label, onClick]) =>
              h('li', null, h('button', { type: 'button', name: label, onClick }, label)),
            ),
          ),
        ),
      ),
      h('div', { class: 'details' }, detailItems),
    );
  }
}
customElements.define('records-highlights2', RecordsHighlights);

// ---------------------------------------------------------------------------------------------
// Record page

/** [label, apiName, value, kind, href?] per object. */
function layoutOf(object, record) {
  const account = record.accountGuid ? current(record.accountGuid) : undefined;
  switch (object) {
    case 'Lead':
      return [
        ['Name', 'Name', nameOf(record), 'name'],
        ['Company', 'Company', record.company, 'text'],
        ['Title', 'Title', record.jobTitle, 'text'],
        ['Email', 'Email', record.email, 'email'],
        ['Phone', 'Phone', record.phone, 'phone'],
        ['Mobile', 'MobilePhone', record.mobile, 'phone'],
        ['Website', 'Website', record.website, 'url'],
        ['Lead Status', 'Status', leadStatus(record), 'text'],
        ['Rating', 'Rating', record.grade, 'text'],
        ['Lead Source', 'LeadSource', record.source, 'text'],
        ['Lead Owner', 'OwnerId', record.owner, 'user'],
      ];
    case 'Contact':
      return [
        ['Name', 'Name', nameOf(record), 'name'],
        [
          'Account Name',
          'AccountId',
          account ? nameOf(account) : '',
          'lookup',
          account && recordHref(account),
        ],
        ['Title', 'Title', record.jobTitle, 'text'],
        ['Email', 'Email', record.email, 'email'],
        ['Phone', 'Phone', record.phone, 'phone'],
        ['Mobile', 'MobilePhone', record.mobile, 'phone'],
        ['Mailing City', 'MailingCity', record.city, 'text'],
        ['Contact Owner', 'OwnerId', record.owner, 'user'],
      ];
    case 'Account':
      return [
        ['Account Name', 'Name', record.name, 'text'],
        ['Phone', 'Phone', record.phone, 'phone'],
        ['Website', 'Website', record.website, 'url'],
        ['Industry', 'Industry', record.industry, 'text'],
        ['Employees', 'NumberOfEmployees', record.employees.toLocaleString('en-US'), 'text'],
        ['Annual Revenue', 'AnnualRevenue', formatMoney(record.annualRevenue), 'text'],
        ['Billing City', 'BillingCity', `${record.city}, ${record.country}`, 'text'],
        ['Account Owner', 'OwnerId', record.owner, 'user'],
      ];
    default:
      return [
        ['Opportunity Name', 'Name', record.name, 'text'],
        [
          'Account Name',
          'AccountId',
          account ? nameOf(account) : '',
          'lookup',
          account && recordHref(account),
        ],
        ['Amount', 'Amount', formatMoney(record.estimatedValue), 'text'],
        ['Close Date', 'CloseDate', formatDate(record.closeDate), 'text'],
        ['Stage', 'StageName', opportunityStage(record), 'text'],
        ['Probability (%)', 'Probability', `${record.probability}%`, 'text'],
        ['Opportunity Owner', 'OwnerId', record.owner, 'user'],
      ];
  }
}

function formattedValue(kind, value, href) {
  if (!value) return h('span', { class: 'sf-empty' });
  switch (kind) {
    case 'email':
      return h('lightning-formatted-email', null, h('a', { href: `mailto:${value}` }, value));
    case 'phone':
      return h(
        'lightning-formatted-phone',
        null,
        h('a', { href: `tel:${value.replace(/\s/g, '')}` }, value),
      );
    case 'url':
      return h(
        'lightning-formatted-url',
        null,
        h('a', { href: value, target: '_blank', rel: 'noopener' }, value),
      );
    case 'name':
      return h('lightning-formatted-name', null, value);
    case 'lookup':
      return h('records-hoverable-link', null, h('a', { href }, value));
    case 'user':
      return h(
        'force-lookup',
        null,
        h(
          'span',
          { class: 'sf-user' },
          h(
            'span',
            { class: 'sf-user-avatar', style: { background: avatarColor(value) } },
            initials(value),
          ),
          h('a', { href: '#' }, value),
        ),
      );
    default:
      return h('lightning-formatted-text', null, value);
  }
}

function layoutItem(object, [label, apiName, value, kind, href]) {
  return h(
    'records-record-layout-item',
    {
      'field-label': label,
      'data-target-selection-name': `sfdc:RecordField.${object}.${apiName}`,
      class: 'slds-form__item',
    },
    h(
      'div',
      { class: 'slds-form-element slds-form-element_readonly' },
      h('span', { class: 'slds-form-element__label test-id__field-label' }, label),
      h(
        'div',
        { class: 'slds-form-element__control' },
        h('span', { class: 'test-id__field-value' }, formattedValue(kind, value, href)),
        h(
          'button',
          {
            type: 'button',
            class: 'sf-inline-edit',
            title: `Edit ${label}`,
            'aria-label': `Edit ${label}`,
            onClick: () => toast('Inline edit is not part of the demo.'),
          },
          icon('edit', 12),
        ),
      ),
    ),
  );
}

function pathOf(object, record, onAdvance) {
  if (object !== 'Lead' && object !== 'Opportunity') return null;
  const steps = object === 'Lead' ? LEAD_PATH : OPPORTUNITY_PATH;
  const now = object === 'Lead' ? leadStatus(record) : opportunityStage(record);
  let active = steps.indexOf(now);
  if (active < 0) active = steps.length - 1;
  return h(
    'div',
    { class: 'slds-path', 'data-component-id': 'runtime_sales_pathassistant' },
    h(
      'ul',
      {
        class: 'slds-path__nav',
        role: 'listbox',
        'aria-label': object === 'Lead' ? 'Lead Status' : 'Stage',
      },
      steps.map((step, index) =>
        h(
          'li',
          {
            class: `slds-path__item ${index < active ? 'slds-is-complete' : index === active ? 'slds-is-current slds-is-active' : 'slds-is-incomplete'}`,
            role: 'presentation',
          },
          h(
            'a',
            {
              class: 'slds-path__link',
              role: 'option',
              'aria-selected': index === active ? 'true' : 'false',
              href: '#',
              title: step,
              onClick: (event) => event.preventDefault(),
            },
            index < active ? icon('check', 14) : h('span', null, step),
          ),
        ),
      ),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'sf-brand-button',
        onClick: onAdvance,
        disabled: active >= steps.length - 2,
      },
      object === 'Lead' ? 'Mark Status as Complete' : 'Mark Stage as Complete',
    ),
  );
}

// Like Lightning's related-list cards, each title links to the full related list,
// /lightning/r/{Object}/{id}/related/{List}/view, which names the record the page shows.
function relatedCards(object, record) {
  const card = (title, items) =>
    h(
      'article',
      { class: 'sf-card' },
      h(
        'h2',
        null,
        h(
          'a',
          {
            class: 'sf-related-title',
            href: `/lightning/r/${object}/${record.sfId}/related/${title.replace(/\s/g, '')}/view`,
          },
          `${title} (${items.length})`,
        ),
      ),
      items.length
        ? h(
            'ul',
            { class: 'sf-related' },
            items.map((item) =>
              h('li', null, h('a', { href: recordHref(item) }, nameOf(withOverrides(item)))),
            ),
          )
        : h('p', { class: 'sf-muted' }, 'No related records.'),
    );
  if (object === 'Account') {
    return [
      card(
        'Contacts',
        DEMO_DATA.contacts.filter((c) => c.accountGuid === record.guid),
      ),
      card(
        'Opportunities',
        DEMO_DATA.opportunities.filter((o) => o.accountGuid === record.guid),
      ),
    ];
  }
  if (object === 'Contact')
    return [
      card(
        'Opportunities',
        DEMO_DATA.opportunities.filter((o) => o.contactGuid === record.guid),
      ),
    ];
  if (object === 'Opportunity')
    return [card('Contact Roles', [byGuid.get(record.contactGuid)].filter(Boolean))];
  return [card('Activity History', [])];
}

function recordView(object, found) {
  const meta = OBJECTS[object];
  const record = withOverrides(found);
  const name = nameOf(record);
  const highlights = document.createElement('records-highlights2');
  const account = current(record.accountGuid);
  const accountDetail = [
    'Account Name',
    account ? nameOf(account) : '',
    account && recordHref(account),
  ];
  const details = {
    Lead: () => [
      ['Title', record.jobTitle],
      ['Company', record.company],
      ['Phone', record.phone],
      ['Email', record.email],
    ],
    Contact: () => [
      ['Title', record.jobTitle],
      accountDetail,
      ['Phone', record.phone],
      ['Email', record.email],
    ],
    Account: () => [
      ['Type', 'Customer'],
      ['Phone', record.phone],
      ['Website', record.website],
      ['Account Owner', record.owner],
    ],
    Opportunity: () => [
      accountDetail,
      ['Close Date', formatDate(record.closeDate)],
      ['Amount', formatMoney(record.estimatedValue)],
      ['Opportunity Owner', record.owner],
    ],
  }[object]();
  const notDemo = () => toast('This action is not part of the demo.');
  highlights.render({
    objectLabel: meta.label,
    name,
    color: meta.color,
    iconName: meta.iconName,
    details,
    actions:
      object === 'Lead'
        ? [
            ['Follow', notDemo],
            ['Edit', notDemo],
            ['Convert', notDemo],
            ['Change Owner', notDemo],
          ]
        : [
            ['Follow', notDemo],
            ['Edit', notDemo],
            ['Delete', notDemo],
          ],
  });
  const advance = () => {
    if (object === 'Lead') {
      const next = { New: 'Contacted', Contacted: 'Qualified' }[record.status] ?? 'Qualified';
      saveOverride(record.guid, 'status', next);
      toast(`Status changed to ${leadStatus({ status: next })}.`);
    } else {
      const stages = ['Qualify', 'Develop', 'Propose', 'Close'];
      saveOverride(
        record.guid,
        'stage',
        stages[Math.min(stages.indexOf(record.stage) + 1, stages.length - 1)],
      );
      toast('Stage changed successfully.');
    }
    void route({ keepCache: true });
  };
  const items = layoutOf(object, record);
  return h(
    'div',
    { class: 'record-home', 'data-record-id': record.sfId, 'data-object': object },
    highlights,
    pathOf(object, record, advance),
    h(
      'div',
      { class: 'sf-columns' },
      h(
        'div',
        { class: 'sf-card sf-details' },
        h(
          'div',
          { class: 'sf-tabs', role: 'tablist' },
          h('span', { class: 'active', role: 'tab', 'aria-selected': 'true' }, 'Details'),
          h('span', { role: 'tab', 'aria-selected': 'false' }, 'Activity'),
          h('span', { role: 'tab', 'aria-selected': 'false' }, 'Chatter'),
        ),
        h(
          'records-record-layout-section',
          null,
          h('h3', { class: 'slds-section__title' }, `${meta.label} Information`),
          h(
            'div',
            { class: 'slds-form', role: 'list' },
            items.map((item) => layoutItem(object, item)),
          ),
        ),
      ),
      h('div', { class: 'sf-side' }, relatedCards(object, record)),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// List and home

function listView(object) {
  const meta = OBJECTS[object];
  const rows = meta.records.map((record) => withOverrides(record));
  const columns = {
    Lead: [
      ['Name', (r) => nameOf(r), true],
      ['Title', (r) => r.jobTitle],
      ['Company', (r) => r.company],
      ['Phone', (r) => r.phone],
      ['Email', (r) => r.email],
      ['Lead Status', (r) => leadStatus(r)],
      ['Owner Alias', (r) => initials(r.owner)],
    ],
    Contact: [
      ['Name', (r) => nameOf(r), true],
      ['Account Name', (r) => (current(r.accountGuid) ? nameOf(current(r.accountGuid)) : '')],
      ['Title', (r) => r.jobTitle],
      ['Phone', (r) => r.phone],
      ['Email', (r) => r.email],
      ['Contact Owner Alias', (r) => initials(r.owner)],
    ],
    Account: [
      ['Account Name', (r) => r.name, true],
      ['Billing City', (r) => r.city],
      ['Phone', (r) => r.phone],
      ['Industry', (r) => r.industry],
      ['Account Owner Alias', (r) => initials(r.owner)],
    ],
    Opportunity: [
      ['Opportunity Name', (r) => r.name, true],
      ['Account Name', (r) => (current(r.accountGuid) ? nameOf(current(r.accountGuid)) : '')],
      ['Amount', (r) => formatMoney(r.estimatedValue)],
      ['Close Date', (r) => formatDate(r.closeDate)],
      ['Stage', (r) => opportunityStage(r)],
      ['Opportunity Owner Alias', (r) => initials(r.owner)],
    ],
  }[object];
  return h(
    'div',
    { class: 'sf-card sf-list', 'data-object': object },
    h(
      'div',
      { class: 'sf-list-head' },
      h('div', { class: 'tile', style: { background: meta.color } }, icon(meta.iconName, 20)),
      h(
        'div',
        null,
        h('div', { class: 'sf-muted' }, meta.plural),
        h('h1', null, 'Recently Viewed ', icon('chevron', 12)),
      ),
      h(
        'div',
        { class: 'sf-list-actions' },
        h(
          'button',
          { type: 'button', onClick: () => toast('New records are not part of the demo.') },
          'New',
        ),
        h(
          'button',
          { type: 'button', onClick: () => toast('Import is not part of the demo.') },
          'Import',
        ),
      ),
    ),
    h(
      'div',
      { class: 'sf-muted sf-list-meta' },
      `${rows.length} items · Sorted by ${columns[0][0]} · Updated a few seconds ago`,
    ),
    h(
      'table',
      { class: 'slds-table', role: 'grid', 'aria-label': `Recently Viewed ${meta.plural}` },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { class: 'num' }),
          columns.map(([label]) => h('th', { scope: 'col' }, label)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((record, index) =>
          h(
            'tr',
            { 'data-row-key-value': record.sfId },
            h('td', { class: 'num' }, String(index + 1)),
            columns.map(([, get, link]) =>
              link
                ? h(
                    'th',
                    { scope: 'row' },
                    h('a', { href: recordHref(record), title: get(record) }, get(record)),
                  )
                : h('td', null, get(record)),
            ),
          ),
        ),
      ),
    ),
  );
}

function homeView() {
  const recent = [
    ...DEMO_DATA.leads.slice(0, 3),
    DEMO_DATA.accounts[0],
    DEMO_DATA.opportunities[1],
  ].map((record) => withOverrides(record));
  return h(
    'div',
    { class: 'sf-home' },
    h(
      'div',
      { class: 'sf-card' },
      h('h2', null, 'Recent Records'),
      h(
        'ul',
        { class: 'sf-related' },
        recent.map((record) =>
          h(
            'li',
            null,
            h('a', { href: recordHref(record) }, nameOf(record)),
            h(
              'span',
              { class: 'sf-muted' },
              ` · ${OBJECTS[OBJECT_OF_ENTITY[record.entity]].label}`,
            ),
          ),
        ),
      ),
    ),
    h(
      'div',
      { class: 'sf-card' },
      h('h2', null, 'Quarterly Performance'),
      h(
        'p',
        { class: 'sf-muted' },
        `Closed ${formatMoney(18900)} · Open (>70%) ${formatMoney(335000)} · Goal ${formatMoney(500000)}`,
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Router with one hidden cached view, like Lightning's view cache.

let renderToken = 0;

async function route({ keepCache = false } = {}) {
  const token = ++renderToken;
  const page = parsePath();
  const selectedTab = page.kind === 'home' ? 'Home' : (page.object ?? bySfId.get(page.id)?.entity);
  for (const item of tabs.querySelectorAll('.slds-context-bar__item')) {
    const on =
      item.dataset.object === selectedTab || item.dataset.object === OBJECT_OF_ENTITY[selectedTab];
    item.classList.toggle('slds-is-active', on);
  }
  const previous = viewport.querySelector('.oneContent.active');
  viewport.classList.add('loading');
  await delay(renderLatency());
  if (token !== renderToken) return;
  viewport.classList.remove('loading');

  let view;
  let title;
  if (page.kind === 'record') {
    const found =
      bySfId.get(page.id) ??
      [...bySfId.values()].find((record) => record.sfId.slice(0, 15) === page.id);
    const object = found ? OBJECT_OF_ENTITY[found.entity] : undefined;
    if (found && (!page.object || page.object === object)) {
      view = recordView(object, found);
      title = `${nameOf(withOverrides(found))} | ${OBJECTS[object].label} | Salesforce`;
    } else {
      view = h(
        'div',
        { class: 'sf-card', role: 'alert' },
        h('h1', null, "Looks like there's a problem."),
        h('p', null, "This record isn't available or you don't have access to it."),
      );
      title = 'Error | Salesforce';
    }
  } else if (page.kind === 'list' && OBJECTS[page.object]) {
    view = listView(page.object);
    title = `Recently Viewed | ${OBJECTS[page.object].plural} | Salesforce`;
  } else {
    view = homeView();
    title = 'Home | Salesforce';
  }
  const wrapper = h('div', { class: 'oneContent active', 'data-url': location.pathname }, view);
  // Keep at most one previous view, hidden (display: none), as Lightning does.
  for (const old of viewport.querySelectorAll('.oneContent')) {
    if (old !== previous || keepCache) old.remove();
  }
  if (previous && !keepCache) {
    previous.classList.remove('active');
    previous.classList.add('cached');
  }
  viewport.append(wrapper);
  document.title = title;
  document.dispatchEvent(
    new CustomEvent('upnext-demo:rendered', { detail: { url: location.href } }),
  );
}

buildShell();
interceptLinks((url) => navigate(url));
addEventListener('popstate', () => void route());
installHotkeys({ search: () => search, save: () => toast('Saved') });
void route();
