// Copper-shaped skin of the demo CRM: one page at /companies/{accountId}/app, routed by hash.
//   #/contact/{id}  #/lead/{id}  #/company/{id}  #/opportunity/{id}   records (numeric ids)
//   #/contacts  #/leads  #/companies  #/opportunities                     lists
// Aliases seen on the real app (docs/crm-reference.md): #/people/{id}, #/organization/{id},
// #/deal/{id}, #/browse/list/people/default.
// Record fields are <input>s identified by placeholder ("Add Email"), as in the real UI.
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
  renderLatency,
  toast,
  withOverrides,
} from '/_demo/common/dom.mjs';
import { DEMO_DATA } from '/_demo/data.js';

const TYPES = {
  contact: {
    label: 'Person',
    plural: 'People',
    list: 'contacts',
    records: DEMO_DATA.contacts,
    iconName: 'contact',
  },
  lead: {
    label: 'Lead',
    plural: 'Leads',
    list: 'leads',
    records: DEMO_DATA.leads,
    iconName: 'lead',
  },
  company: {
    label: 'Company',
    plural: 'Companies',
    list: 'companies',
    records: DEMO_DATA.accounts,
    iconName: 'account',
  },
  opportunity: {
    label: 'Opportunity',
    plural: 'Opportunities',
    list: 'opportunities',
    records: DEMO_DATA.opportunities,
    iconName: 'opportunity',
  },
};
const ALIASES = {
  people: 'contact',
  person: 'contact',
  organization: 'company',
  deal: 'opportunity',
};
const LISTS = {
  contacts: 'contact',
  people: 'contact',
  leads: 'lead',
  companies: 'company',
  organizations: 'company',
  opportunities: 'opportunity',
  deals: 'opportunity',
};
const TYPE_OF_ENTITY = {
  contact: 'contact',
  lead: 'lead',
  account: 'company',
  opportunity: 'opportunity',
};

const byGuid = new Map();
for (const meta of Object.values(TYPES))
  for (const record of meta.records) byGuid.set(record.guid, record);

const nameOf = (record) =>
  record.entity === 'lead' || record.entity === 'contact'
    ? `${record.firstName} ${record.lastName}`
    : record.name;
const hrefOf = (record) => `#/${TYPE_OF_ENTITY[record.entity]}/${record.copperId}`;
const byGuidCurrent = (guid) => (byGuid.has(guid) ? withOverrides(byGuid.get(guid)) : undefined);

function parseHash() {
  const parts = location.hash.replace(/^#\/?/, '').split(/[/?]/).filter(Boolean);
  if (parts[0] === 'browse' && parts[1] === 'list')
    return { kind: 'list', type: LISTS[parts[2]] ?? 'contact' };
  if (parts.length === 1 && LISTS[parts[0]]) return { kind: 'list', type: LISTS[parts[0]] };
  if (parts.length >= 2) {
    const type = ALIASES[parts[0]] ?? parts[0];
    if (TYPES[type] && /^\d+$/.test(parts[1]))
      return { kind: 'record', type, id: Number(parts[1]) };
  }
  return { kind: 'list', type: 'contact' };
}

// ---------------------------------------------------------------------------------------------
// Shell

const app = document.getElementById('app');
let content;
let search;
let nav;

function buildShell() {
  search = h('input', {
    type: 'search',
    placeholder: 'Search Copper',
    'aria-label': 'Search',
    class: 'c-search-input',
  });
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      location.hash = '#/contacts';
      toast(`Search is not part of the demo (${search.value.slice(0, 40)})`);
    }
  });
  const navLink = (type, label, iconName) =>
    h(
      'a',
      {
        href: `#/${TYPES[type].list}`,
        class: 'c-nav-item',
        'data-type': type,
        'aria-label': label,
      },
      icon(iconName, 20),
      h('span', null, label),
    );
  nav = h(
    'nav',
    { class: 'c-nav', 'aria-label': 'Main' },
    h('div', { class: 'c-logo', 'aria-label': 'Copper' }, h('span', null, 'C')),
    h(
      'a',
      { href: '#/contacts', class: 'c-nav-item', 'aria-label': 'Dashboard' },
      icon('dashboard', 20),
      h('span', null, 'Dashboard'),
    ),
    navLink('lead', 'Leads', 'lead'),
    navLink('contact', 'People', 'contact'),
    navLink('company', 'Companies', 'account'),
    navLink('opportunity', 'Opportunities', 'opportunity'),
    h(
      'a',
      { href: '#/contacts', class: 'c-nav-item', 'aria-label': 'Tasks' },
      icon('task', 20),
      h('span', null, 'Tasks'),
    ),
  );
  content = h('main', { class: 'c-main', id: 'main' });
  append(
    clear(app),
    nav,
    h(
      'div',
      { class: 'c-body' },
      h(
        'header',
        { class: 'c-top' },
        h('div', { class: 'c-search' }, icon('search'), search),
        h(
          'button',
          {
            type: 'button',
            class: 'c-add',
            onClick: () => toast('Adding records is not part of the demo.'),
          },
          icon('plus', 14),
          'Add',
        ),
        h('span', { class: 'c-me', title: 'Priya Raman' }, 'PR'),
      ),
      content,
    ),
  );
  app.removeAttribute('aria-busy');
}

// ---------------------------------------------------------------------------------------------
// Pages

function listPage(type) {
  const meta = TYPES[type];
  const rows = meta.records.map((record) => withOverrides(record));
  const columns = {
    contact: [
      ['Name', null],
      ['Title', (r) => r.jobTitle],
      [
        'Company',
        (r) => (byGuidCurrent(r.accountGuid) ? nameOf(byGuidCurrent(r.accountGuid)) : ''),
      ],
      ['Email', (r) => r.email],
      ['Phone', (r) => r.phone],
    ],
    lead: [
      ['Name', null],
      ['Company', (r) => r.company],
      ['Status', (r) => r.status],
      ['Email', (r) => r.email],
      ['Value', (r) => formatMoney(r.estimatedValue)],
    ],
    company: [
      ['Name', null],
      ['Industry', (r) => r.industry],
      ['City', (r) => r.city],
      ['Phone', (r) => r.phone],
    ],
    opportunity: [
      ['Name', null],
      [
        'Company',
        (r) => (byGuidCurrent(r.accountGuid) ? nameOf(byGuidCurrent(r.accountGuid)) : ''),
      ],
      ['Stage', (r) => r.stage],
      ['Value', (r) => formatMoney(r.estimatedValue)],
      ['Close date', (r) => formatDate(r.closeDate, 'long')],
    ],
  }[type];
  return h(
    'section',
    { class: 'c-list', 'data-list': type },
    h(
      'div',
      { class: 'c-list-head' },
      h('h1', null, meta.plural),
      h('span', { class: 'c-count' }, `${rows.length} ${meta.plural.toLowerCase()}`),
    ),
    h(
      'table',
      { class: 'c-table', 'aria-label': meta.plural },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          columns.map(([label]) => h('th', { scope: 'col' }, label)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((record) =>
          h(
            'tr',
            { 'data-id': String(record.copperId) },
            columns.map(([, get]) =>
              get
                ? h('td', null, get(record))
                : h(
                    'td',
                    { class: 'c-name-cell' },
                    h(
                      'span',
                      {
                        class: 'c-avatar small',
                        style: { background: avatarColor(nameOf(record)) },
                        'aria-hidden': 'true',
                      },
                      initials(nameOf(record)),
                    ),
                    h('a', { href: hrefOf(record) }, nameOf(record)),
                  ),
            ),
          ),
        ),
      ),
    ),
  );
}

/** Rows of [label, placeholder, value, kind] per record type. */
function fieldsOf(type, record) {
  const company = record.accountGuid ? byGuidCurrent(record.accountGuid) : undefined;
  switch (type) {
    case 'contact':
      return [
        ['Title', 'Add Title', record.jobTitle],
        ['Company', 'Add Company', company ? nameOf(company) : '', company && hrefOf(company)],
        ['Email', 'Add Email', record.email],
        ['Phone', 'Add Phone', record.phone],
        ['Mobile', 'Add Phone', record.mobile],
        ['City', 'Add City', record.city],
        ['Owner', 'Add Owner', record.owner],
      ];
    case 'lead':
      return [
        ['Title', 'Add Title', record.jobTitle],
        ['Company', 'Add Company', record.company],
        ['Email', 'Add Email', record.email],
        ['Phone', 'Add Phone', record.phone],
        ['Status', 'Add Status', record.status],
        ['Value', 'Add Value', formatMoney(record.estimatedValue)],
        ['Source', 'Add Source', record.source],
        ['Owner', 'Add Owner', record.owner],
      ];
    case 'company':
      return [
        ['Industry', 'Add Industry', record.industry],
        ['Email', 'Add Email', record.email],
        ['Phone', 'Add Phone', record.phone],
        ['Website', 'Add Website', record.website],
        ['City', 'Add City', `${record.city}, ${record.country}`],
        ['Owner', 'Add Owner', record.owner],
      ];
    default: {
      const contact = byGuidCurrent(record.contactGuid);
      return [
        ['Company', 'Add Company', company ? nameOf(company) : '', company && hrefOf(company)],
        [
          'Primary contact',
          'Add Person',
          contact ? nameOf(contact) : '',
          contact && hrefOf(contact),
        ],
        ['Value', 'Add Value', formatMoney(record.estimatedValue)],
        ['Stage', 'Add Stage', record.stage],
        ['Status', 'Add Status', record.status],
        ['Close date', 'Add Close Date', formatDate(record.closeDate, 'long')],
        ['Owner', 'Add Owner', record.owner],
      ];
    }
  }
}

function relatedOf(type, record) {
  if (type === 'company') {
    return [
      ['People', DEMO_DATA.contacts.filter((c) => c.accountGuid === record.guid)],
      ['Opportunities', DEMO_DATA.opportunities.filter((o) => o.accountGuid === record.guid)],
    ];
  }
  if (type === 'contact') {
    return [
      ['Company', [byGuid.get(record.accountGuid)].filter(Boolean)],
      ['Opportunities', DEMO_DATA.opportunities.filter((o) => o.contactGuid === record.guid)],
    ];
  }
  if (type === 'opportunity') {
    return [
      ['Company', [byGuid.get(record.accountGuid)].filter(Boolean)],
      ['People', [byGuid.get(record.contactGuid)].filter(Boolean)],
    ];
  }
  return [];
}

function recordPage(type, record) {
  const name = nameOf(record);
  const subtitle =
    type === 'contact' || type === 'lead'
      ? [
          record.jobTitle,
          type === 'lead'
            ? record.company
            : nameOf(byGuidCurrent(record.accountGuid) ?? { name: '' }),
        ]
          .filter(Boolean)
          .join(' at ')
      : type === 'company'
        ? record.industry
        : `${formatMoney(record.estimatedValue)} · ${record.stage}`;
  const rows = fieldsOf(type, record).map(([label, placeholder, value, href]) =>
    h(
      'div',
      { class: 'c-field', 'data-field': label.toLowerCase().replace(/\s+/g, '-') },
      h('label', null, label),
      href
        ? h('a', { class: 'c-field-link', href }, value)
        : h('input', {
            type: 'text',
            placeholder,
            value: value ?? '',
            'aria-label': label,
            readonly: true,
          }),
    ),
  );
  const related = relatedOf(type, record);
  return h(
    'div',
    { class: 'c-record', 'data-record-type': type, 'data-record-id': String(record.copperId) },
    h(
      'section',
      { class: 'c-card c-about' },
      h(
        'div',
        { class: 'c-identity' },
        h(
          'span',
          { class: 'c-avatar', style: { background: avatarColor(name) }, 'aria-hidden': 'true' },
          initials(name),
        ),
        h(
          'div',
          null,
          h('div', { class: 'c-type' }, TYPES[type].label),
          h('h1', { class: 'c-title' }, name),
          h('div', { class: 'c-subtitle' }, subtitle),
        ),
      ),
      h('input', {
        type: 'text',
        class: 'c-name-input',
        placeholder: 'Add Name',
        value: name,
        'aria-label': 'Name',
        readonly: true,
      }),
      h('h2', null, 'About'),
      rows,
    ),
    h(
      'section',
      { class: 'c-card c-activity' },
      h(
        'div',
        { class: 'c-tabs', role: 'tablist' },
        h('span', { class: 'active', role: 'tab', 'aria-selected': 'true' }, 'Activity'),
        h('span', { role: 'tab', 'aria-selected': 'false' }, 'Files'),
      ),
      h(
        'div',
        { class: 'c-log', role: 'textbox', 'aria-label': 'Log activity' },
        `Log an activity for ${name}…`,
      ),
      h(
        'ul',
        { class: 'c-feed' },
        h(
          'li',
          null,
          icon('mail'),
          h(
            'div',
            null,
            h('strong', null, record.owner),
            ' sent an email',
            h('div', { class: 'c-muted' }, 'Following up on our conversation'),
          ),
        ),
        h(
          'li',
          null,
          icon('phone'),
          h(
            'div',
            null,
            h('strong', null, record.owner),
            ' logged a call',
            h('div', { class: 'c-muted' }, `Intro call with ${name}`),
          ),
        ),
        h(
          'li',
          null,
          icon('star'),
          h(
            'div',
            null,
            'Record created',
            h('div', { class: 'c-muted' }, formatDate(record.createdOn, 'long')),
          ),
        ),
      ),
    ),
    h(
      'aside',
      { class: 'c-card c-related', 'aria-label': 'Related' },
      h('h2', null, 'Related'),
      related.length === 0
        ? h('p', { class: 'c-muted' }, 'Nothing related yet.')
        : related.map(([title, items]) =>
            h(
              'div',
              { class: 'c-related-group' },
              h('h3', null, `${title} (${items.length})`),
              h(
                'ul',
                null,
                items.map((item) =>
                  h('li', null, h('a', { href: hrefOf(item) }, nameOf(withOverrides(item)))),
                ),
              ),
            ),
          ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Router

let renderToken = 0;

async function route() {
  const token = ++renderToken;
  const page = parseHash();
  for (const link of nav.querySelectorAll('.c-nav-item[data-type]'))
    link.classList.toggle('active', link.dataset.type === page.type);
  append(
    clear(content),
    h('div', { class: 'c-loading', role: 'progressbar', 'aria-label': 'Loading' }),
  );
  await delay(renderLatency());
  if (token !== renderToken) return;
  if (page.kind === 'record') {
    const found = TYPES[page.type].records.find((record) => record.copperId === page.id);
    if (found) {
      const record = withOverrides(found);
      append(clear(content), recordPage(page.type, record));
      document.title = `${nameOf(record)} | Copper`;
    } else {
      append(
        clear(content),
        h(
          'div',
          { class: 'c-card c-missing', role: 'alert' },
          h('h1', null, 'Record not found'),
          h('a', { href: `#/${TYPES[page.type].list}` }, `Back to ${TYPES[page.type].plural}`),
        ),
      );
      document.title = 'Copper';
    }
  } else {
    append(clear(content), listPage(page.type));
    document.title = `${TYPES[page.type].plural} | Copper`;
  }
  document.dispatchEvent(
    new CustomEvent('upnext-demo:rendered', { detail: { url: location.href } }),
  );
}

buildShell();
addEventListener('hashchange', () => void route());
installHotkeys({ search: () => search, save: () => toast('Saved') });
if (!location.hash || location.hash === '#' || location.hash === '#/')
  history.replaceState(null, '', '#/contacts');
void route();
