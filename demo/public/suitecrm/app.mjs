// SuiteCRM 7-shaped skin of the demo CRM (SuiteP theme, AJAX UI), on a self-hosted address:
//   /index.php?module={Leads|Contacts|Accounts|Opportunities}&action=DetailView&record={id}
//   /index.php?module=…&action=EditView&record={id}          the record's edit form
//   /index.php?module=…&action=index                          list view
//   …#ajaxUILoc=index.php%3Fmodule%3D…                        the AJAX UI: the page named in the hash
// Like the real AJAX UI, a click on an in-app link changes the URL (the hash) at once and swaps
// the content of #content 150–300 ms later; until then the previous page stays on screen. The
// detail and edit views carry the hidden DetailView/EditView form with the record id, and the
// edit view's heading is the record's name as a link followed by "»" and "Edit".
import {
  append,
  clear,
  delay,
  formatDate,
  formatMoney,
  h,
  installHotkeys,
  toast,
  withOverrides,
} from '/_demo/common/dom.mjs';
import { DEMO_DATA } from '/_demo/data.js';

const MODULES = {
  Leads: { entity: 'lead', label: 'Lead', plural: 'Leads', records: DEMO_DATA.leads },
  Contacts: {
    entity: 'contact',
    label: 'Contact',
    plural: 'Contacts',
    records: DEMO_DATA.contacts,
  },
  Accounts: {
    entity: 'account',
    label: 'Account',
    plural: 'Accounts',
    records: DEMO_DATA.accounts,
  },
  Opportunities: {
    entity: 'opportunity',
    label: 'Opportunity',
    plural: 'Opportunities',
    records: DEMO_DATA.opportunities,
  },
};
const MODULE_OF_ENTITY = {
  lead: 'Leads',
  contact: 'Contacts',
  account: 'Accounts',
  opportunity: 'Opportunities',
};
const SALES_STAGES = {
  Qualify: 'Qualification',
  Develop: 'Needs Analysis',
  Propose: 'Proposal/Price Quote',
  Close: 'Negotiation/Review',
};

const byGuid = new Map();
for (const meta of Object.values(MODULES))
  for (const record of meta.records) byGuid.set(record.guid, record);
const current = (guid) => (byGuid.has(guid) ? withOverrides(byGuid.get(guid)) : undefined);

const isPerson = (record) => record.entity === 'lead' || record.entity === 'contact';
/** SuiteCRM shows a person's name with the salutation: "Mr. Lucas Moreau". */
const nameOf = (record) =>
  isPerson(record)
    ? [record.salutation, record.firstName, record.lastName].filter(Boolean).join(' ')
    : record.name;
const detailHref = (record) =>
  `index.php?module=${MODULE_OF_ENTITY[record.entity]}&action=DetailView&record=${record.guid}`;

/** The page the URL names: the AJAX UI's hash wins over the query, as in SuiteCRM. */
function parseLocation() {
  const hash = location.hash.replace(/^#/, '');
  let query = location.search;
  if (hash.startsWith('ajaxUILoc=')) {
    const inner = decodeURIComponent(hash.slice('ajaxUILoc='.length));
    query = inner.includes('?') ? inner.slice(inner.indexOf('?')) : '';
  }
  const params = new URLSearchParams(query);
  const module = MODULES[params.get('module') ?? ''] ? params.get('module') : 'Leads';
  const action = (params.get('action') ?? 'index').toLowerCase();
  const record = params.get('record') ?? '';
  if ((action === 'detailview' || action === 'editview') && record) {
    return { kind: action === 'editview' ? 'edit' : 'detail', module, id: record };
  }
  return { kind: 'list', module };
}

/** How long the AJAX UI takes to bring the next page: `?latency=N`, else 150–300 ms. */
function ajaxLatency() {
  const fixed =
    new URLSearchParams(location.search).get('latency') ??
    document.querySelector('meta[name="upnext-demo-latency"]')?.getAttribute('content');
  if (fixed !== null && fixed !== undefined && /^\d+$/.test(fixed)) return Number(fixed);
  return 150 + Math.round(Math.random() * 150);
}

// ---------------------------------------------------------------------------------------------
// Shell

const app = document.getElementById('app');
let content;
let status;
let search;

function buildShell() {
  search = h('input', {
    type: 'search',
    class: 'query_string',
    placeholder: 'Search…',
    'aria-label': 'Search',
  });
  const topnav = h(
    'ul',
    { class: 'nav navbar-nav' },
    Object.entries(MODULES).map(([module, meta]) =>
      h(
        'li',
        { class: 'topnav', 'data-module': module },
        h('a', { href: `index.php?module=${module}&action=index` }, meta.plural),
      ),
    ),
  );
  content = h('div', { id: 'content' });
  status = h(
    'div',
    { id: 'ajaxStatusDiv', class: 'dataLoading', role: 'status', hidden: true },
    'Loading…',
  );
  append(
    clear(app),
    h(
      'div',
      { id: 'ajaxHeader' },
      h(
        'nav',
        { class: 'navbar', 'aria-label': 'Modules' },
        h('a', { class: 'navbar-brand', href: 'index.php?module=Leads&action=index' }, 'SuiteCRM'),
        topnav,
        h('div', { class: 'search-wrapper' }, search),
      ),
    ),
    status,
    h('div', { id: 'bootstrap-container', class: 'main' }, content),
  );
  app.removeAttribute('aria-busy');
}

// ---------------------------------------------------------------------------------------------
// Pages

/** One detail-view cell: `div.detail-view-field[field]` with the value in `span.sugar_field#field`. */
function detailCell(label, field, value, type = 'varchar') {
  let shown;
  if (type === 'phone' && value) shown = h('a', { href: `tel:${value.replace(/\s/g, '')}` }, value);
  else if (type === 'email' && value) shown = h('a', { href: `mailto:${value}` }, value);
  else if (type === 'relate' && value?.href) shown = h('a', { href: value.href }, value.text);
  else shown = h('span', { class: 'sugar_field', id: field }, value ?? '');
  return h(
    'div',
    { class: 'col-xs-12 col-sm-6 detail-view-row-item' },
    h('div', { class: 'col-xs-12 col-sm-4 label' }, `${label}:`),
    h('div', { class: 'col-xs-12 col-sm-8 detail-view-field', type, field }, shown),
  );
}

function accountLink(guid) {
  const account = current(guid);
  return account ? { href: detailHref(account), text: account.name } : undefined;
}

/** [label, field, value, type] rows per module. */
function rowsOf(record) {
  switch (record.entity) {
    case 'lead':
      return [
        ['Name', 'full_name', nameOf(record)],
        ['Title', 'title', record.jobTitle],
        ['Office Phone', 'phone_work', record.phone, 'phone'],
        ['Email Address', 'email1', record.email, 'email'],
        ['Account Name', 'account_name', record.company],
        ['Status', 'status', record.status, 'enum'],
        ['Lead Source', 'lead_source', record.source, 'enum'],
        ['Assigned to', 'assigned_user_name', record.owner, 'relate'],
      ];
    case 'contact':
      return [
        ['Name', 'full_name', nameOf(record)],
        ['Title', 'title', record.jobTitle],
        ['Office Phone', 'phone_work', record.phone, 'phone'],
        ['Email Address', 'email1', record.email, 'email'],
        ['Account Name', 'account_name', accountLink(record.accountGuid), 'relate'],
        ['Assigned to', 'assigned_user_name', record.owner, 'relate'],
      ];
    case 'account':
      return [
        ['Name', 'name', record.name],
        ['Office Phone', 'phone_office', record.phone, 'phone'],
        ['Email Address', 'email1', record.email, 'email'],
        ['Website', 'website', record.website, 'url'],
        ['Industry', 'industry', record.industry, 'enum'],
        ['Assigned to', 'assigned_user_name', record.owner, 'relate'],
      ];
    default:
      return [
        ['Opportunity Name', 'name', record.name],
        ['Account Name', 'account_name', accountLink(record.accountGuid), 'relate'],
        ['Opportunity Amount', 'amount', formatMoney(record.estimatedValue), 'currency'],
        ['Sales Stage', 'sales_stage', SALES_STAGES[record.stage] ?? record.stage, 'enum'],
        ['Expected Close Date', 'date_closed', formatDate(record.closeDate), 'date'],
        ['Assigned to', 'assigned_user_name', record.owner, 'relate'],
      ];
  }
}

/** Records shown in the detail view's subpanels, as links other in-app pages. */
function subpanelsOf(record) {
  if (record.entity === 'account') {
    return [
      ['Contacts', DEMO_DATA.contacts.filter((c) => c.accountGuid === record.guid)],
      ['Opportunities', DEMO_DATA.opportunities.filter((o) => o.accountGuid === record.guid)],
    ];
  }
  if (record.entity === 'contact') {
    return [
      ['Opportunities', DEMO_DATA.opportunities.filter((o) => o.contactGuid === record.guid)],
    ];
  }
  if (record.entity === 'opportunity') {
    return [
      ['Contacts', [byGuid.get(record.contactGuid)].filter(Boolean)],
      ['Leads', DEMO_DATA.leads.slice(0, 3)],
    ];
  }
  return [
    ['Contacts', DEMO_DATA.contacts.slice(-2)],
    ['Opportunities', DEMO_DATA.opportunities.slice(0, 1)],
  ];
}

/** The hidden form SuiteCRM's DetailView/EditView templates put in the page, naming the record. */
function recordForm(name, id, module, record) {
  return h(
    'form',
    { action: 'index.php', method: 'post', name, id },
    h('input', { type: 'hidden', name: 'module', value: module }),
    h('input', { type: 'hidden', name: 'record', value: record.guid }),
    h('input', { type: 'hidden', name: 'isDuplicate', value: 'false' }),
  );
}

function detailView(module, record) {
  const meta = MODULES[module];
  return [
    h(
      'div',
      { class: 'moduleTitle' },
      h('h2', { class: 'module-title-text' }, nameOf(record)),
      h(
        'span',
        { class: 'utils' },
        h(
          'a',
          {
            class: 'utilsLink',
            href: `index.php?module=${module}&action=EditView&record=${record.guid}`,
          },
          'Edit',
        ),
      ),
    ),
    h(
      'div',
      { class: 'detail-view', 'data-module': module },
      recordForm('DetailView', 'formDetailView', module, record),
      h(
        'ul',
        { class: 'nav nav-tabs' },
        h('li', { class: 'active' }, h('a', { href: '#' }, `${meta.label.toUpperCase()} OVERVIEW`)),
      ),
      h(
        'div',
        { class: 'tab-content' },
        h(
          'div',
          { class: 'row detail-view-row' },
          rowsOf(record).map(([label, field, value, type]) =>
            detailCell(label, field, value, type),
          ),
        ),
      ),
    ),
    h(
      'div',
      { id: 'subpanel_list', class: 'subpanels' },
      subpanelsOf(record).map(([title, items]) =>
        h(
          'div',
          { class: 'panel panel-default sub-panel' },
          h('div', { class: 'panel-heading' }, h('h3', null, title)),
          h(
            'table',
            { class: 'list view table-responsive subpanel-table', 'aria-label': title },
            h(
              'tbody',
              null,
              items.map((item) =>
                h(
                  'tr',
                  null,
                  h('td', null, h('a', { href: detailHref(item) }, nameOf(withOverrides(item)))),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  ];
}

/** One edit-view cell: `div.edit-view-field[field]` holding a control named after the field. */
function editCell(label, field, control) {
  return h(
    'div',
    { class: 'col-xs-12 col-sm-6 edit-view-row-item' },
    h('div', { class: 'col-xs-12 col-sm-4 label' }, h('label', { for: field }, `${label}:`)),
    h('div', { class: 'col-xs-12 col-sm-8 edit-view-field', field }, control),
  );
}

function editView(module, record) {
  const input = (field, value) =>
    h('input', { type: 'text', name: field, id: field, value: value ?? '' });
  const select = (field, options, value) =>
    h(
      'select',
      { name: field, id: field },
      options.map((option) => h('option', { value: option, selected: option === value }, option)),
    );
  const cells = isPerson(record)
    ? [
        editCell(
          'Salutation',
          'salutation',
          select('salutation', ['', 'Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.'], record.salutation ?? ''),
        ),
        editCell('First Name', 'first_name', input('first_name', record.firstName)),
        editCell('Last Name', 'last_name', input('last_name', record.lastName)),
        editCell('Title', 'title', input('title', record.jobTitle)),
        editCell('Office Phone', 'phone_work', input('phone_work', record.phone)),
      ]
    : [editCell('Name', 'name', input('name', record.name))];
  return [
    h(
      'div',
      { class: 'moduleTitle' },
      h(
        'h2',
        { class: 'module-title-text' },
        h('a', { href: detailHref(record) }, nameOf(record)),
        h('span', { class: 'pointer' }, '»'),
        'Edit',
      ),
    ),
    h(
      'form',
      { action: 'index.php', method: 'POST', name: 'EditView', id: 'EditView' },
      h('input', { type: 'hidden', name: 'module', value: module }),
      h('input', { type: 'hidden', name: 'record', value: record.guid }),
      h(
        'div',
        { class: 'buttons' },
        h('a', { class: 'button primary', href: detailHref(record) }, 'Save'),
        h('a', { class: 'button', href: detailHref(record) }, 'Cancel'),
      ),
      h('div', { class: 'edit-view-row' }, cells),
    ),
  ];
}

function listView(module) {
  const meta = MODULES[module];
  return [
    h('div', { class: 'moduleTitle' }, h('h2', { class: 'module-title-text' }, meta.plural)),
    h(
      'table',
      { class: 'list view table-responsive', 'aria-label': meta.plural },
      h(
        'thead',
        null,
        h('tr', null, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Assigned to')),
      ),
      h(
        'tbody',
        null,
        meta.records.map((found, index) => {
          const record = withOverrides(found);
          return h(
            'tr',
            { class: index % 2 ? 'evenListRowS1' : 'oddListRowS1' },
            h('td', null, h('a', { href: detailHref(record) }, nameOf(record))),
            h('td', null, record.owner),
          );
        }),
      ),
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// The AJAX UI

let renderToken = 0;

/** Renders the page the URL names. `swapAfter`: how long the previous page stays on screen. */
async function route(swapAfter) {
  const token = ++renderToken;
  const page = parseLocation();
  for (const item of document.querySelectorAll('.topnav'))
    item.classList.toggle('active', item.dataset.module === page.module);
  status.hidden = false;
  await delay(swapAfter);
  if (token !== renderToken) return;
  status.hidden = true;
  let nodes;
  let title;
  if (page.kind === 'list') {
    nodes = listView(page.module);
    title = `${MODULES[page.module].plural} » SuiteCRM`;
  } else {
    const found = byGuid.get(page.id);
    if (found && MODULE_OF_ENTITY[found.entity] === page.module) {
      const record = withOverrides(found);
      nodes =
        page.kind === 'edit' ? editView(page.module, record) : detailView(page.module, record);
      title = `${nameOf(record)} » ${MODULES[page.module].plural} » SuiteCRM`;
    } else {
      nodes = [
        h(
          'p',
          { class: 'error', role: 'alert' },
          'Error retrieving record. This record may be deleted or you may not be authorized to view it.',
        ),
      ];
      title = 'SuiteCRM';
    }
  }
  // The real AJAX UI replaces the content's HTML in one go, with the title.
  append(clear(content), nodes);
  document.title = title;
  document.dispatchEvent(
    new CustomEvent('upnext-demo:rendered', { detail: { url: location.href } }),
  );
}

// In-app links go through the AJAX UI: the hash changes now, the content later.
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link =
    event.target instanceof Element ? event.target.closest('a[href^="index.php?"]') : null;
  if (!link) return;
  event.preventDefault();
  location.hash = `ajaxUILoc=${encodeURIComponent(link.getAttribute('href'))}`;
});

buildShell();
addEventListener('hashchange', () => void route(ajaxLatency()));
installHotkeys({ search: () => search, save: () => toast('Saved') });
void route(30);
