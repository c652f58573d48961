// Dynamics 365 (Unified Interface)-shaped skin of the demo CRM.
//
// URL shapes (all on /main.aspx, query order free, names case-insensitive):
//   record    ?appid={guid}&pagetype=entityrecord&etn=lead&id={guid}
//   new form  ?appid={guid}&pagetype=entityrecord&etn=lead
//   list      ?appid={guid}&pagetype=entitylist&etn=lead
//   dashboard ?pagetype=dashboard
//   search    ?appid={guid}&pagetype=search&searchText=...
// Navigation is history.pushState; the form renders after a short delay, like UCI fetching the
// record. DOM hooks follow docs/crm-reference.md (EasyRepro's UCI selectors).
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

const APP_TITLE = 'Dynamics 365';
const FORM_NAME = 'Information';
const STAGES = ['Qualify', 'Develop', 'Propose', 'Close'];
const LEAD_STATUSES = [
  'New',
  'Contacted',
  'Qualified',
  'Lost',
  'Cannot Contact',
  'No Longer Interested',
];
const OPPORTUNITY_STATUSES = ['In Progress', 'On Hold', 'Won', 'Lost'];
const LEAD_SOURCES = [
  'Advertisement',
  'Employee Referral',
  'Partner',
  'Trade Show',
  'Web',
  'Other',
];
const INDUSTRIES = [
  'Banking',
  'Hospitality',
  'Manufacturing',
  'Pharmaceuticals',
  'Retail',
  'Software',
  'Transportation',
  'Wholesale',
];

const ENTITIES = {
  lead: {
    label: 'Lead',
    plural: 'Leads',
    view: 'My Open Leads',
    records: DEMO_DATA.leads,
    process: 'Lead to Opportunity Sales Process',
  },
  contact: {
    label: 'Contact',
    plural: 'Contacts',
    view: 'My Active Contacts',
    records: DEMO_DATA.contacts,
  },
  account: {
    label: 'Account',
    plural: 'Accounts',
    view: 'My Active Accounts',
    records: DEMO_DATA.accounts,
  },
  opportunity: {
    label: 'Opportunity',
    plural: 'Opportunities',
    view: 'My Open Opportunities',
    records: DEMO_DATA.opportunities,
    process: 'Opportunity Sales Process',
  },
};

const byGuid = new Map();
for (const [etn, meta] of Object.entries(ENTITIES)) {
  for (const record of meta.records) byGuid.set(record.guid, { etn, record });
}

/** Current record with this tab's edits applied. */
function current(guid) {
  const hit = byGuid.get(guid);
  return hit ? withOverrides(hit.record) : undefined;
}

function nameOf(record) {
  return record.entity === 'lead' || record.entity === 'contact'
    ? `${record.firstName} ${record.lastName}`.trim()
    : record.name;
}

// ---------------------------------------------------------------------------------------------
// URLs

function recordUrl(etn, guid) {
  return `main.aspx?appid=${DEMO_DATA.appId}&pagetype=entityrecord&etn=${etn}&id=${guid}`;
}
function listUrl(etn) {
  return `main.aspx?appid=${DEMO_DATA.appId}&pagetype=entitylist&etn=${etn}`;
}
function dashboardUrl() {
  return `main.aspx?appid=${DEMO_DATA.appId}&pagetype=dashboard`;
}

/** Reads the page from the URL like UCI: parameter names and pagetype are case-insensitive. */
function parseLocation() {
  const params = new Map();
  for (const [key, value] of new URLSearchParams(location.search))
    params.set(key.toLowerCase(), value);
  const pagetype = (params.get('pagetype') ?? 'dashboard').toLowerCase();
  const etn = (params.get('etn') ?? '').toLowerCase();
  const rawId = params.get('id') ?? '';
  const id = rawId.replace(/^\{|\}$/g, '').toLowerCase();
  if (pagetype === 'entityrecord') return { kind: id ? 'record' : 'new', etn, id };
  if (pagetype === 'entitylist') return { kind: 'list', etn };
  if (pagetype === 'search') return { kind: 'search', text: params.get('searchtext') ?? '' };
  return { kind: 'dashboard' };
}

function navigate(url, { replace = false } = {}) {
  const target = new URL(url, location.href);
  if (target.href === location.href) return;
  history[replace ? 'replaceState' : 'pushState']({}, '', target.href);
  void route();
}

// ---------------------------------------------------------------------------------------------
// Shell: top bar, site map, command bar, content

const app = document.getElementById('app');
app.dataset.spa = '';
let content;
let commandBar;
let sitemap;
let search;

function buildShell() {
  search = h('input', {
    id: 'globalSearch',
    type: 'search',
    'data-id': 'GlobalSearchBox',
    placeholder: 'Search',
    'aria-label': 'Search',
    autocomplete: 'off',
    onKeydown: (event) => {
      if (event.key === 'Enter' && search.value.trim()) {
        navigate(
          `main.aspx?appid=${DEMO_DATA.appId}&pagetype=search&searchText=${encodeURIComponent(search.value.trim())}`,
        );
      } else if (event.key === 'Escape') {
        search.blur();
      }
    },
  });
  const topBar = h(
    'header',
    { class: 'topbar', 'data-id': 'topBar', role: 'banner' },
    h(
      'button',
      { class: 'topbar-icon', type: 'button', 'aria-label': 'App launcher' },
      icon('waffle', 18),
    ),
    h('a', { class: 'brand', href: dashboardUrl(), 'data-id': 'brand' }, 'Dynamics 365'),
    h('span', { class: 'brand-divider', 'aria-hidden': 'true' }),
    h('span', { class: 'app-name', 'data-id': 'AppLandingPage-appName' }, 'Sales Hub'),
    h(
      'div',
      { class: 'search-box', role: 'search' },
      icon('search'),
      search,
      h('kbd', { class: 'search-hint', 'aria-hidden': 'true' }, '/'),
    ),
    h(
      'div',
      { class: 'topbar-actions' },
      h(
        'button',
        { class: 'topbar-icon', type: 'button', 'aria-label': 'Notifications' },
        icon('bell', 18),
      ),
      h(
        'button',
        { class: 'topbar-icon', type: 'button', 'aria-label': 'Settings' },
        icon('settings', 18),
      ),
      h('button', { class: 'topbar-icon', type: 'button', 'aria-label': 'Help' }, icon('help', 18)),
      h(
        'button',
        {
          class: 'me',
          type: 'button',
          'aria-label': 'Account manager for Priya Raman',
          title: 'Priya Raman',
        },
        'PR',
      ),
    ),
  );

  const navItem = (id, label, iconName, href) =>
    h(
      'li',
      { 'data-id': id, class: 'sitemap-item', role: 'treeitem' },
      h('a', { href, 'aria-label': label }, icon(iconName), h('span', null, label)),
    );
  sitemap = h(
    'nav',
    { class: 'sitemap', 'data-id': 'navbar-container', 'aria-label': 'Site Map' },
    h(
      'ul',
      { role: 'tree' },
      navItem('sitemap-home', 'Home', 'home', dashboardUrl()),
      navItem('sitemap-recent', 'Recent', 'clock', dashboardUrl()),
      navItem('sitemap-pinned', 'Pinned', 'pin', dashboardUrl()),
      h('li', { class: 'sitemap-group', role: 'presentation' }, 'My Work'),
      navItem('sitemap-entity-dashboard', 'Dashboards', 'dashboard', dashboardUrl()),
      h('li', { class: 'sitemap-group', role: 'presentation' }, 'Customers'),
      navItem('sitemap-entity-account', 'Accounts', 'account', listUrl('account')),
      navItem('sitemap-entity-contact', 'Contacts', 'contact', listUrl('contact')),
      h('li', { class: 'sitemap-group', role: 'presentation' }, 'Sales'),
      navItem('sitemap-entity-lead', 'Leads', 'lead', listUrl('lead')),
      navItem('sitemap-entity-opportunity', 'Opportunities', 'opportunity', listUrl('opportunity')),
    ),
    h(
      'div',
      { class: 'area-switcher', 'data-id': 'sitemap-areaSwitcher-expand-btn' },
      h('span', { class: 'area-badge' }, 'S'),
      'Sales',
      icon('chevron'),
    ),
  );
  commandBar = h('div', { class: 'commandbar-wrap' });
  content = h('div', { class: 'content', id: 'mainContent', 'data-id': 'mainContent' });
  append(
    clear(app),
    topBar,
    h(
      'div',
      { class: 'body' },
      sitemap,
      h('main', { class: 'main', 'aria-label': 'Main content' }, commandBar, content),
    ),
  );
  app.removeAttribute('aria-busy');
}

function highlightSitemap(page) {
  const selected =
    page.kind === 'dashboard'
      ? 'sitemap-entity-dashboard'
      : page.etn
        ? `sitemap-entity-${page.etn}`
        : '';
  for (const item of sitemap.querySelectorAll('.sitemap-item')) {
    const on = item.dataset.id === selected;
    item.classList.toggle('selected', on);
    item.querySelector('a').toggleAttribute('aria-current', on);
    if (on) item.querySelector('a').setAttribute('aria-current', 'page');
  }
}

function renderCommandBar(buttons, { back = false } = {}) {
  const items = buttons.map(({ id, label, iconName, onClick }) =>
    h(
      'li',
      { role: 'presentation' },
      h(
        'button',
        { type: 'button', role: 'menuitem', 'data-id': id, 'aria-label': label, onClick },
        icon(iconName),
        h('span', null, label),
      ),
    ),
  );
  append(
    clear(commandBar),
    h(
      'div',
      { class: 'commandbar' },
      back &&
        h(
          'button',
          {
            class: 'back',
            type: 'button',
            'aria-label': 'Press Enter to go back.',
            title: 'Back',
            onClick: () => history.back(),
          },
          icon('back'),
        ),
      h('ul', { 'data-id': 'CommandBar', role: 'menubar', 'aria-label': 'Commands' }, items),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Fields: logical names and controls follow Dataverse defaults (docs/crm-reference.md).

const text = (name, label, key) => ({ name, label, key, type: 'text' });
const FIELDS = {
  lead: {
    primary: ['firstName', 'lastName'],
    header: ['leadsourcecode', 'leadqualitycode', 'statuscode', 'ownerid'],
    sections: [
      [
        'Contact',
        [
          'subject',
          'firstname',
          'lastname',
          'jobtitle',
          'telephone1',
          'mobilephone',
          'emailaddress1',
        ],
      ],
      ['Company', ['companyname', 'websiteurl', 'address1_city']],
      [
        'Qualification',
        ['statuscode', 'leadqualitycode', 'leadsourcecode', 'estimatedamount', 'ownerid'],
        2,
      ],
    ],
    defs: {
      subject: text('subject', 'Topic', 'topic'),
      firstname: text('firstname', 'First Name', 'firstName'),
      lastname: text('lastname', 'Last Name', 'lastName'),
      jobtitle: text('jobtitle', 'Job Title', 'jobTitle'),
      telephone1: { name: 'telephone1', label: 'Business Phone', key: 'phone', type: 'phone' },
      mobilephone: { name: 'mobilephone', label: 'Mobile Phone', key: 'mobile', type: 'phone' },
      emailaddress1: { name: 'emailaddress1', label: 'Email', key: 'email', type: 'email' },
      companyname: text('companyname', 'Company', 'company'),
      websiteurl: { name: 'websiteurl', label: 'Website', key: 'website', type: 'url' },
      address1_city: text('address1_city', 'City', 'city'),
      statuscode: {
        name: 'statuscode',
        label: 'Status Reason',
        key: 'status',
        type: 'option',
        options: LEAD_STATUSES,
      },
      leadqualitycode: {
        name: 'leadqualitycode',
        label: 'Rating',
        key: 'grade',
        type: 'option',
        options: ['Hot', 'Warm', 'Cold'],
      },
      leadsourcecode: {
        name: 'leadsourcecode',
        label: 'Lead Source',
        key: 'source',
        type: 'option',
        options: LEAD_SOURCES,
      },
      estimatedamount: {
        name: 'estimatedamount',
        label: 'Est. Value',
        key: 'estimatedValue',
        type: 'money',
      },
      ownerid: { name: 'ownerid', label: 'Owner', key: 'owner', type: 'owner' },
    },
  },
  contact: {
    primary: ['firstName', 'lastName'],
    header: ['parentcustomerid', 'telephone1', 'ownerid'],
    sections: [
      [
        'Contact information',
        [
          'firstname',
          'lastname',
          'jobtitle',
          'parentcustomerid',
          'emailaddress1',
          'telephone1',
          'mobilephone',
          'address1_city',
          'ownerid',
        ],
      ],
    ],
    defs: {
      firstname: text('firstname', 'First Name', 'firstName'),
      lastname: text('lastname', 'Last Name', 'lastName'),
      jobtitle: text('jobtitle', 'Job Title', 'jobTitle'),
      parentcustomerid: {
        name: 'parentcustomerid',
        label: 'Company Name',
        key: 'accountGuid',
        type: 'lookup',
        etn: 'account',
      },
      emailaddress1: { name: 'emailaddress1', label: 'Email', key: 'email', type: 'email' },
      telephone1: { name: 'telephone1', label: 'Business Phone', key: 'phone', type: 'phone' },
      mobilephone: { name: 'mobilephone', label: 'Mobile Phone', key: 'mobile', type: 'phone' },
      address1_city: text('address1_city', 'City', 'city'),
      ownerid: { name: 'ownerid', label: 'Owner', key: 'owner', type: 'owner' },
    },
  },
  account: {
    primary: ['name'],
    header: ['revenue', 'numberofemployees', 'ownerid'],
    sections: [
      [
        'Account information',
        ['name', 'telephone1', 'emailaddress1', 'websiteurl', 'primarycontactid'],
      ],
      [
        'Company profile',
        [
          'industrycode',
          'address1_city',
          'address1_country',
          'numberofemployees',
          'revenue',
          'ownerid',
        ],
      ],
    ],
    defs: {
      name: text('name', 'Account Name', 'name'),
      telephone1: { name: 'telephone1', label: 'Phone', key: 'phone', type: 'phone' },
      emailaddress1: { name: 'emailaddress1', label: 'Email', key: 'email', type: 'email' },
      websiteurl: { name: 'websiteurl', label: 'Website', key: 'website', type: 'url' },
      primarycontactid: {
        name: 'primarycontactid',
        label: 'Primary Contact',
        key: 'primaryContactGuid',
        type: 'lookup',
        etn: 'contact',
      },
      industrycode: {
        name: 'industrycode',
        label: 'Industry',
        key: 'industry',
        type: 'option',
        options: INDUSTRIES,
      },
      address1_city: text('address1_city', 'City', 'city'),
      address1_country: text('address1_country', 'Country/Region', 'country'),
      numberofemployees: {
        name: 'numberofemployees',
        label: 'Employees',
        key: 'employees',
        type: 'number',
      },
      revenue: { name: 'revenue', label: 'Annual Revenue', key: 'annualRevenue', type: 'money' },
      ownerid: { name: 'ownerid', label: 'Owner', key: 'owner', type: 'owner' },
    },
  },
  opportunity: {
    primary: ['name'],
    header: ['estimatedclosedate', 'estimatedvalue', 'statuscode', 'ownerid'],
    sections: [
      [
        'Opportunity',
        [
          'name',
          'parentcontactid',
          'parentaccountid',
          'estimatedclosedate',
          'estimatedvalue',
          'closeprobability',
        ],
      ],
      ['Status', ['salesstage', 'statuscode', 'ownerid'], 2],
    ],
    defs: {
      name: text('name', 'Topic', 'name'),
      parentcontactid: {
        name: 'parentcontactid',
        label: 'Contact',
        key: 'contactGuid',
        type: 'lookup',
        etn: 'contact',
      },
      parentaccountid: {
        name: 'parentaccountid',
        label: 'Account',
        key: 'accountGuid',
        type: 'lookup',
        etn: 'account',
      },
      estimatedclosedate: {
        name: 'estimatedclosedate',
        label: 'Est. Close Date',
        key: 'closeDate',
        type: 'date',
      },
      estimatedvalue: {
        name: 'estimatedvalue',
        label: 'Est. Revenue',
        key: 'estimatedValue',
        type: 'money',
      },
      closeprobability: {
        name: 'closeprobability',
        label: 'Probability',
        key: 'probability',
        type: 'number',
      },
      salesstage: {
        name: 'salesstage',
        label: 'Sales Stage',
        key: 'stage',
        type: 'option',
        options: STAGES,
      },
      statuscode: {
        name: 'statuscode',
        label: 'Status Reason',
        key: 'status',
        type: 'option',
        options: OPPORTUNITY_STATUSES,
      },
      ownerid: { name: 'ownerid', label: 'Owner', key: 'owner', type: 'owner' },
    },
  },
};

function displayValue(def, record) {
  const value = record[def.key];
  if (value === undefined || value === null || value === '') return '---';
  switch (def.type) {
    case 'money':
      return formatMoney(value);
    case 'number':
      return def.name === 'closeprobability' ? String(value) : value.toLocaleString('en-US');
    case 'date':
      return formatDate(value);
    case 'lookup': {
      const target = current(value);
      return target ? nameOf(target) : '---';
    }
    default:
      return String(value);
  }
}

function lookupTag(def, name, href, headerCopy) {
  const base = `${def.name}.fieldControl-LookupResultsDropdown_${def.name}`;
  const avatar = h(
    'span',
    { class: 'tag-avatar', style: { background: avatarColor(name) }, 'aria-hidden': 'true' },
    initials(name),
  );
  const tagText = h('span', { 'data-id': `${base}_selected_tag_text`, class: 'tag-text' }, name);
  const tag = href
    ? h(
        'a',
        {
          href,
          'data-id': `${base}_selected_tag`,
          class: 'lookup-tag',
          'aria-label': name,
          title: name,
        },
        avatar,
        tagText,
      )
    : h(
        'div',
        {
          'data-id': `${base}_selected_tag`,
          class: 'lookup-tag',
          role: 'link',
          tabindex: 0,
          'aria-label': name,
          title: name,
        },
        avatar,
        tagText,
      );
  return h(
    'div',
    {
      'data-id': `${headerCopy ? 'header_' : ''}${def.name}.fieldControl-Lookup_${def.name}`,
      class: 'lookup',
    },
    h(
      'ul',
      { 'data-id': `${base}_SelectedRecordList`, class: 'lookup-list', 'aria-label': def.label },
      h('li', null, tag),
    ),
  );
}

/** A form control with Dynamics `data-id`s; edits are saved to sessionStorage on change. */
function control(def, record, inputId, onEdit) {
  const value = record[def.key] ?? '';
  const commit = (next) => {
    saveOverride(record.guid, def.key, next);
    onEdit(def, next);
  };
  const input = (type, dataId, shown, extra) => {
    const el = h('input', {
      id: inputId,
      type,
      'data-id': dataId,
      'aria-label': def.label,
      value: shown,
      title: shown,
      autocomplete: 'off',
      ...extra,
    });
    el.addEventListener('change', () => {
      el.title = el.value;
      el.setAttribute('value', el.value);
      commit(
        def.type === 'number' || def.type === 'money'
          ? Number(el.value.replace(/[^0-9.]/g, '')) || 0
          : el.value,
      );
      if (def.type === 'money') {
        el.value = formatMoney(Number(el.value.replace(/[^0-9.]/g, '')) || 0);
      }
    });
    return el;
  };
  switch (def.type) {
    case 'email':
      return h(
        'div',
        { class: 'control with-action' },
        input('email', `${def.name}.fieldControl-mail-text-input`, value),
        value &&
          h(
            'a',
            {
              class: 'control-action',
              href: `mailto:${value}`,
              'aria-label': `Send email to ${value}`,
              target: '_blank',
            },
            icon('mail'),
          ),
      );
    case 'phone':
      return h(
        'div',
        { class: 'control with-action' },
        input('tel', `${def.name}.fieldControl-phone-text-input`, value),
        value &&
          h(
            'a',
            {
              class: 'control-action',
              href: `tel:${value.replace(/\s/g, '')}`,
              'aria-label': `Call ${value}`,
            },
            icon('phone'),
          ),
      );
    case 'url':
      return h(
        'div',
        { class: 'control' },
        input('url', `${def.name}.fieldControl-url-text-input`, value),
      );
    case 'money':
      return h(
        'div',
        { class: 'control' },
        input(
          'text',
          `${def.name}.fieldControl-currency-text-input`,
          value === '' ? '' : formatMoney(value),
          { inputmode: 'decimal' },
        ),
      );
    case 'number':
      return h(
        'div',
        { class: 'control' },
        input('text', `${def.name}.fieldControl-whole-number-text-input`, value, {
          inputmode: 'numeric',
        }),
      );
    case 'date':
      return h(
        'div',
        { class: 'control' },
        input('text', `${def.name}.fieldControl-date-time-input`, value ? formatDate(value) : '', {
          readonly: true,
        }),
      );
    case 'option': {
      const select = h(
        'select',
        {
          id: inputId,
          'data-id': `${def.name}.fieldControl-option-set-select`,
          'aria-label': def.label,
          title: value,
        },
        value === '' && h('option', { value: '' }, '---'),
        def.options.map((option) =>
          h('option', { value: option, selected: option === value }, option),
        ),
      );
      select.addEventListener('change', () => {
        select.title = select.value;
        commit(select.value);
      });
      return h(
        'div',
        { class: 'control', 'data-id': `${def.name}.fieldControl-option-set-container` },
        select,
      );
    }
    case 'lookup': {
      const target = value ? current(value) : undefined;
      return h(
        'div',
        { class: 'control' },
        target
          ? lookupTag(def, nameOf(target), recordUrl(def.etn, target.guid), false)
          : h('span', { class: 'empty' }, '---'),
      );
    }
    case 'owner':
      return h(
        'div',
        { class: 'control' },
        value ? lookupTag(def, value, null, false) : h('span', { class: 'empty' }, '---'),
      );
    default:
      return h(
        'div',
        { class: 'control' },
        input('text', `${def.name}.fieldControl-text-box-text`, value, { maxlength: 200 }),
      );
  }
}

function fieldRow(def, record, onEdit) {
  const inputId = `id-${record.guid || 'new'}-${def.name}-control`;
  return h(
    'div',
    { class: 'field', 'data-id': `${def.name}-FieldSectionItemContainer` },
    h(
      'label',
      {
        id: `id-${record.guid || 'new'}-${def.name}-field-label`,
        for: inputId,
        class: 'field-label',
      },
      def.label,
    ),
    control(def, record, inputId, onEdit),
  );
}

// ---------------------------------------------------------------------------------------------
// Record form

function headerField(def, record) {
  const value = record[def.key];
  let body;
  if (def.type === 'owner' && value) body = lookupTag(def, value, null, true);
  else if (def.type === 'lookup' && value && current(value)) {
    const target = current(value);
    body = h('a', { class: 'header-link', href: recordUrl(def.etn, target.guid) }, nameOf(target));
  } else
    body = h(
      'div',
      { class: 'header-value', title: displayValue(def, record) },
      displayValue(def, record),
    );
  return h(
    'div',
    { class: 'header-field', 'data-id': `header_${def.name}` },
    body,
    h('div', { class: 'header-label' }, def.label),
  );
}

function formHeader(etn, record, isNew) {
  const meta = ENTITIES[etn];
  const spec = FIELDS[etn];
  const name = isNew ? `New ${meta.label}` : nameOf(record);
  return h(
    'div',
    { class: 'form-header', 'data-id': 'form-header' },
    h(
      'div',
      {
        class: 'entity-avatar',
        style: { background: isNew ? '#8a8886' : avatarColor(name) },
        'aria-hidden': 'true',
      },
      isNew ? icon(etn, 22) : initials(name),
    ),
    h(
      'div',
      { class: 'form-title' },
      h(
        'h1',
        { 'data-id': 'header_title', title: name, class: 'record-title' },
        name,
        h(
          'span',
          { class: 'save-status', 'data-id': 'header_saveStatus' },
          isNew ? '' : ' - Saved',
        ),
      ),
      h('div', { class: 'entity-line' }, `${meta.label} · ${FORM_NAME}`, icon('chevron', 12)),
    ),
    !isNew &&
      h(
        'div',
        { class: 'header-fields', 'data-id': 'headerFieldsExpandButton' },
        spec.header.map((field) => headerField(spec.defs[field], record)),
      ),
  );
}

function processBar(etn, record, onStage) {
  const meta = ENTITIES[etn];
  if (!meta.process) return null;
  const active = Math.max(0, STAGES.indexOf(record.stage));
  const stages = STAGES.map((stage, index) => {
    const state = index < active ? 'completed' : index === active ? 'active' : 'inactive';
    return h(
      'li',
      {
        id: `MscrmControls.Containers.ProcessBreadCrumb-processHeaderStage_${index}`,
        'data-id': `MscrmControls.Containers.ProcessBreadCrumb-processHeaderStage_${index}`,
        class: `stage ${state}`,
        'data-stage': stage,
        'data-active': index === active ? 'true' : 'false',
        'aria-current': index === active ? 'step' : null,
      },
      h(
        'button',
        {
          type: 'button',
          'aria-label': `${stage} stage, ${state === 'inactive' ? 'not started' : state}`,
          title: `Set ${stage} as the active stage`,
          onClick: () => onStage(stage),
        },
        h(
          'span',
          { class: 'stage-dot', 'aria-hidden': 'true' },
          index < active ? icon('check', 12) : '',
        ),
        h('span', { class: 'stage-name' }, stage),
        index === active &&
          h('span', { class: 'stage-age' }, `(${2 + ((record.copperId ?? 0) % 19)} D)`),
      ),
    );
  });
  return h(
    'div',
    {
      class: 'process',
      'data-id': 'MscrmControls.Containers.ProcessBreadCrumb-processBreadCrumbContainer',
      role: 'region',
      'aria-label': meta.process,
    },
    h(
      'div',
      { class: 'process-title' },
      h('strong', null, meta.process),
      h('span', null, `Active for ${5 + ((record.copperId ?? 0) % 40)} days`),
    ),
    h('ol', { class: 'stages', 'aria-label': 'Business process stages' }, stages),
    h(
      'button',
      {
        type: 'button',
        class: 'next-stage',
        'data-id': 'MscrmControls.Containers.ProcessBreadCrumb-nextButtonContainer',
        disabled: active >= STAGES.length - 1,
        onClick: () => onStage(STAGES[Math.min(active + 1, STAGES.length - 1)]),
      },
      'Next Stage',
      icon('chevronRight', 14),
    ),
  );
}

function timeline(etn, record) {
  const name = nameOf(record);
  const base = Number(record.createdOn.slice(8, 10));
  const entries = [
    {
      kind: 'Phone Call',
      iconName: 'phone',
      title: `Discovery call with ${name}`,
      when: `11/${Math.min(26, base + 3)}/2026`,
      by: record.owner,
    },
    {
      kind: 'Email',
      iconName: 'mail',
      title: etn === 'opportunity' ? 'Proposal draft shared' : 'Thanks for your interest',
      when: `11/${Math.min(25, base + 1)}/2026`,
      by: record.owner,
    },
    {
      kind: 'Note',
      iconName: 'note',
      title: `${ENTITIES[etn].label} created`,
      when: formatDate(record.createdOn),
      by: 'System',
    },
  ];
  return h(
    'section',
    { class: 'card timeline', 'data-id': 'Timeline', 'aria-label': 'Timeline' },
    h('h2', null, 'Timeline'),
    h('div', { class: 'timeline-search' }, icon('search', 14), h('span', null, 'Search timeline')),
    h(
      'ul',
      null,
      entries.map((entry) =>
        h(
          'li',
          { class: 'timeline-item' },
          h('span', { class: `timeline-icon ${entry.iconName}` }, icon(entry.iconName, 14)),
          h(
            'div',
            null,
            h('div', { class: 'timeline-kind' }, `${entry.kind} from: ${entry.by}`),
            h('div', { class: 'timeline-title' }, entry.title),
            h('div', { class: 'timeline-when' }, entry.when),
          ),
        ),
      ),
    ),
  );
}

// Like UCI, a subgrid names the record it belongs to in its `data-lp-id`
// ("{control}|{name}|{parent entity}|{parent GUID}|{child entity}|..."), which UI tests read.
function subgrid(title, etn, records, columns, parent) {
  const name = title.replace(/\s/g, '');
  return h(
    'section',
    {
      class: 'card subgrid',
      'data-id': `dataSetRoot_${name}`,
      'data-lp-id': `MscrmControls.Grid.ReadOnlyGrid|${name}|${parent.etn}|${parent.guid}|${etn}|cc-grid`,
    },
    h(
      'div',
      { class: 'card-head' },
      h('h2', null, title),
      h(
        'button',
        { type: 'button', class: 'ghost', 'aria-label': `New ${ENTITIES[etn].label}` },
        icon('plus', 14),
      ),
    ),
    records.length === 0
      ? h('p', { class: 'empty' }, 'No data available.')
      : h(
          'table',
          { class: 'grid compact', 'aria-label': title },
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
            records.map((record) =>
              h(
                'tr',
                null,
                columns.map(([, get], index) =>
                  h(
                    'td',
                    null,
                    index === 0
                      ? h('a', { href: recordUrl(etn, record.guid) }, get(record))
                      : get(record),
                  ),
                ),
              ),
            ),
          ),
        ),
  );
}

function related(etn, record) {
  const cards = [];
  const relatedGrid = (title, childEtn, records, columns) =>
    subgrid(title, childEtn, records, columns, { etn, guid: record.guid });
  if (etn === 'account') {
    cards.push(
      relatedGrid(
        'Contacts',
        'contact',
        DEMO_DATA.contacts
          .filter((c) => c.accountGuid === record.guid)
          .map((c) => withOverrides(c)),
        [
          ['Full Name', nameOf],
          ['Email', (c) => c.email],
        ],
      ),
      relatedGrid(
        'Opportunities',
        'opportunity',
        DEMO_DATA.opportunities
          .filter((o) => o.accountGuid === record.guid)
          .map((o) => withOverrides(o)),
        [
          ['Topic', (o) => o.name],
          ['Est. Revenue', (o) => formatMoney(o.estimatedValue)],
        ],
      ),
    );
  } else if (etn === 'contact') {
    cards.push(
      relatedGrid(
        'Opportunities',
        'opportunity',
        DEMO_DATA.opportunities
          .filter((o) => o.contactGuid === record.guid)
          .map((o) => withOverrides(o)),
        [
          ['Topic', (o) => o.name],
          ['Est. Revenue', (o) => formatMoney(o.estimatedValue)],
        ],
      ),
    );
  } else if (etn === 'opportunity') {
    const contact = current(record.contactGuid);
    cards.push(
      relatedGrid('Stakeholders', 'contact', contact ? [contact] : [], [
        ['Full Name', nameOf],
        ['Job Title', (c) => c.jobTitle],
      ]),
    );
  }
  return cards;
}

let formState = null;

function renderRecord(page) {
  const meta = ENTITIES[page.etn];
  const hit = page.kind === 'record' ? byGuid.get(page.id) : undefined;
  const isNew = page.kind === 'new' && meta;
  if (!meta || (!isNew && (!hit || hit.etn !== page.etn))) {
    renderUnavailable(page);
    return;
  }
  const etn = page.etn;
  const spec = FIELDS[etn];
  let record = isNew
    ? { entity: etn, guid: '', owner: 'Priya Raman', createdOn: '2026-11-28' }
    : current(page.id);

  const form = h('div', {
    class: 'form',
    'data-id': 'editFormRoot',
    'data-entity': etn,
    'data-record-id': isNew ? '' : record.guid,
  });
  let header = formHeader(etn, record, isNew);
  let process = isNew ? null : processBar(etn, record, setStage);

  function refreshChrome() {
    record = isNew ? record : current(page.id);
    const nextHeader = formHeader(etn, record, isNew);
    header.replaceWith(nextHeader);
    header = nextHeader;
    if (process) {
      const next = processBar(etn, record, setStage);
      process.replaceWith(next);
      process = next;
    }
    if (!isNew) {
      document.title = `${meta.label}: ${FORM_NAME}: ${nameOf(record)} - ${APP_TITLE}`;
      installXrm(etn, record);
    }
  }
  function onEdit(def) {
    if (isNew) {
      toast('This demo does not create records.');
      return;
    }
    if (def.key === 'stage') syncControl('salesstage', record.guid);
    refreshChrome();
    toast('Saved', 'demo-toast');
  }
  function setStage(stage) {
    if (isNew) return;
    saveOverride(record.guid, 'stage', stage);
    refreshChrome();
    syncControl('salesstage', record.guid);
    toast(`Stage set to ${stage}`);
  }
  function syncControl(fieldName) {
    const select = form.querySelector(
      `select[data-id="${fieldName}.fieldControl-option-set-select"]`,
    );
    if (select) {
      select.value = current(page.id).stage;
      select.title = select.value;
    }
  }

  // Sections marked with column 2 sit above the timeline, like the three-column UCI layout.
  const section = ([title, fields]) =>
    h(
      'section',
      { class: 'card', 'data-id': title.replace(/\s/g, '_').toUpperCase(), 'aria-label': title },
      h('h2', null, title),
      fields.map((field) => fieldRow(spec.defs[field], record, onEdit)),
    );
  const relatedCards = isNew ? [] : related(etn, record);
  const summary = h(
    'div',
    {
      class: 'tab-panel summary',
      role: 'tabpanel',
      id: 'tab-summary',
      'aria-labelledby': 'tab-summary-label',
    },
    h('div', { class: 'column' }, spec.sections.filter((s) => s[2] !== 2 || isNew).map(section)),
    !isNew &&
      h(
        'div',
        { class: 'column' },
        spec.sections.filter((s) => s[2] === 2).map(section),
        timeline(etn, record),
      ),
    relatedCards.length > 0 && h('div', { class: 'column' }, relatedCards),
  );
  const details = h(
    'div',
    {
      class: 'tab-panel',
      role: 'tabpanel',
      id: 'tab-details',
      'aria-labelledby': 'tab-details-label',
      hidden: true,
    },
    h(
      'section',
      { class: 'card' },
      h('h2', null, 'Record details'),
      h(
        'dl',
        { class: 'details' },
        h('dt', null, 'Created On'),
        h('dd', null, formatDate(record.createdOn)),
        h('dt', null, 'Owner'),
        h('dd', null, record.owner),
        h('dt', null, 'Record type'),
        h('dd', null, meta.label),
      ),
    ),
  );
  const tabs = [
    ['summary', 'Summary'],
    ['details', 'Details'],
  ];
  const tabList = h(
    'ul',
    { class: 'tabs', role: 'tablist', 'aria-label': `${meta.label} form tabs` },
    tabs.map(([id, label], index) =>
      h(
        'li',
        { role: 'presentation' },
        h(
          'button',
          {
            type: 'button',
            role: 'tab',
            id: `tab-${id}-label`,
            'data-id': `tablist-${id.toUpperCase()}_TAB`,
            'aria-selected': index === 0 ? 'true' : 'false',
            'aria-controls': `tab-${id}`,
            onClick: (event) => {
              for (const button of tabList.querySelectorAll('[role=tab]'))
                button.setAttribute('aria-selected', String(button === event.currentTarget));
              summary.hidden = id !== 'summary';
              details.hidden = id !== 'details';
            },
          },
          label,
        ),
      ),
    ),
  );

  append(form, header, process, tabList, summary, details);
  const save = () => toast(isNew ? 'This demo does not create records.' : 'Saved');
  formState = { save };
  renderCommandBar(
    [
      {
        id: `${etn}|NoRelationship|Form|Mscrm.SavePrimary`,
        label: 'Save',
        iconName: 'save',
        onClick: save,
      },
      {
        id: `${etn}|NoRelationship|Form|Mscrm.SaveAndClosePrimary`,
        label: 'Save & Close',
        iconName: 'saveclose',
        onClick: () => {
          save();
          navigate(listUrl(etn));
        },
      },
      {
        id: `${etn}|NoRelationship|Form|Mscrm.NewRecordFromForm`,
        label: 'New',
        iconName: 'plus',
        onClick: () =>
          navigate(`main.aspx?appid=${DEMO_DATA.appId}&pagetype=entityrecord&etn=${etn}`),
      },
      ...(etn === 'lead' && !isNew
        ? [
            {
              id: 'lead|NoRelationship|Form|Mscrm.Form.lead.Qualify',
              label: 'Qualify',
              iconName: 'check',
              onClick: () => setLeadStatus('Qualified'),
            },
            {
              id: 'lead|NoRelationship|Form|Mscrm.Form.lead.Disqualify',
              label: 'Disqualify',
              iconName: 'x',
              onClick: () => setLeadStatus('Lost'),
            },
          ]
        : []),
      {
        id: `${etn}|NoRelationship|Form|Mscrm.Modern.refreshCommand`,
        label: 'Refresh',
        iconName: 'refresh',
        onClick: () => void route(),
      },
      {
        id: `${etn}|NoRelationship|Form|Mscrm.ShareRecord`,
        label: 'Share',
        iconName: 'share',
        onClick: () => toast('Sharing is not part of the demo.'),
      },
    ],
    { back: true },
  );
  function setLeadStatus(status) {
    saveOverride(record.guid, 'status', status);
    const select = form.querySelector(
      'select[data-id="statuscode.fieldControl-option-set-select"]',
    );
    if (select) {
      select.value = status;
      select.title = status;
    }
    refreshChrome();
    toast(`Lead status: ${status}`);
  }

  append(clear(content), form);
  document.title = isNew
    ? `${meta.label}: ${FORM_NAME}: New ${meta.label} - ${APP_TITLE}`
    : `${meta.label}: ${FORM_NAME}: ${nameOf(record)} - ${APP_TITLE}`;
  if (isNew) delete window.Xrm;
  else installXrm(etn, record);
}

function renderUnavailable(page) {
  formState = null;
  renderCommandBar([], { back: true });
  append(
    clear(content),
    h(
      'div',
      { class: 'card error', role: 'alert', 'data-id': 'errorDialog_subtitle' },
      h('h1', null, 'Record is unavailable'),
      h(
        'p',
        null,
        'The requested record was not found or you do not have sufficient permissions to view it.',
      ),
      h(
        'a',
        { href: page.etn && ENTITIES[page.etn] ? listUrl(page.etn) : dashboardUrl() },
        'Back to the list',
      ),
    ),
  );
  document.title = APP_TITLE;
  delete window.Xrm;
}

/** A tiny page-world `Xrm`, like the client API real UCI pages expose (docs/crm-reference.md). */
function installXrm(etn, record) {
  const upperId = `{${record.guid.toUpperCase()}}`;
  window.Xrm = {
    Utility: {
      getPageContext: () => ({
        input: {
          pageType: 'entityrecord',
          entityName: etn,
          entityId: upperId,
          formId: null,
          createFromEntity: null,
        },
      }),
    },
    Page: {
      data: {
        entity: {
          getId: () => upperId,
          getEntityName: () => etn,
          getPrimaryAttributeValue: () => nameOf(current(record.guid)),
        },
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Lists, dashboard, search

const COLUMNS = {
  lead: [
    ['Name', (r) => nameOf(r), 'link'],
    ['Topic', (r) => r.topic],
    ['Company', (r) => r.company],
    ['Email', (r) => r.email],
    ['Business Phone', (r) => r.phone],
    ['Status Reason', (r) => r.status, 'status'],
    ['Rating', (r) => r.grade, 'grade'],
    ['Owner', (r) => r.owner],
    ['Created On', (r) => formatDate(r.createdOn)],
  ],
  contact: [
    ['Full Name', (r) => nameOf(r), 'link'],
    [
      'Company Name',
      (r) => (current(r.accountGuid) ? nameOf(current(r.accountGuid)) : ''),
      'account',
    ],
    ['Job Title', (r) => r.jobTitle],
    ['Email', (r) => r.email],
    ['Business Phone', (r) => r.phone],
    ['Owner', (r) => r.owner],
  ],
  account: [
    ['Account Name', (r) => r.name, 'link'],
    ['Main Phone', (r) => r.phone],
    ['City', (r) => r.city],
    ['Industry', (r) => r.industry],
    [
      'Primary Contact',
      (r) => (current(r.primaryContactGuid) ? nameOf(current(r.primaryContactGuid)) : ''),
      'contact',
    ],
    ['Owner', (r) => r.owner],
  ],
  opportunity: [
    ['Topic', (r) => r.name, 'link'],
    ['Account', (r) => (current(r.accountGuid) ? nameOf(current(r.accountGuid)) : ''), 'account'],
    ['Est. Revenue', (r) => formatMoney(r.estimatedValue), 'number'],
    ['Est. Close Date', (r) => formatDate(r.closeDate)],
    ['Sales Stage', (r) => r.stage],
    ['Status Reason', (r) => r.status, 'status'],
    ['Owner', (r) => r.owner],
  ],
};

function cell(kind, value, record) {
  switch (kind) {
    case 'link':
      return h(
        'a',
        { href: recordUrl(record.entity, record.guid), 'aria-label': value, class: 'row-link' },
        value,
      );
    case 'account':
      return value ? h('a', { href: recordUrl('account', record.accountGuid ?? '') }, value) : '';
    case 'contact':
      return value
        ? h('a', { href: recordUrl('contact', record.primaryContactGuid ?? '') }, value)
        : '';
    case 'status':
    case 'grade':
      return h(
        'span',
        { class: `pill ${kind}-${String(value).toLowerCase().replace(/\s+/g, '-')}` },
        value,
      );
    default:
      return value;
  }
}

function grid(etn, records, label) {
  const columns = COLUMNS[etn];
  return h(
    'table',
    { class: 'grid', role: 'grid', 'aria-label': label, 'data-id': 'grid-container' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h(
          'th',
          { class: 'check', scope: 'col' },
          h('span', { class: 'checkbox', 'aria-hidden': 'true' }),
        ),
        columns.map(([title, , kind]) =>
          h(
            'th',
            { scope: 'col', class: kind === 'number' ? 'num' : null },
            title,
            icon('chevron', 10),
          ),
        ),
      ),
    ),
    h(
      'tbody',
      null,
      records.map((record, index) =>
        h(
          'tr',
          {
            'data-id': `grid-row-${record.guid}`,
            'aria-rowindex': index + 2,
            'data-record-id': record.guid,
          },
          h('td', { class: 'check' }, h('span', { class: 'checkbox', 'aria-hidden': 'true' })),
          columns.map(([, get, kind]) =>
            h('td', { class: kind === 'number' ? 'num' : null }, cell(kind, get(record), record)),
          ),
        ),
      ),
    ),
  );
}

function renderList(page) {
  const meta = ENTITIES[page.etn];
  if (!meta) {
    renderUnavailable(page);
    return;
  }
  formState = null;
  const records = meta.records.map((record) => withOverrides(record));
  const body = h(
    'div',
    { class: 'grid-body', 'data-id': 'data-set-body-container' },
    grid(page.etn, records, meta.plural),
  );
  const footer = h('div', { class: 'grid-footer' }, `1 - ${records.length} of ${records.length}`);
  const filter = h('input', {
    type: 'search',
    class: 'quick-find',
    'data-id': 'quickFind_text_1',
    placeholder: 'Filter by keyword',
    'aria-label': 'Search this view',
    onInput: () => {
      const query = filter.value.trim().toLowerCase();
      let shown = 0;
      for (const row of body.querySelectorAll('tbody tr')) {
        const match = !query || row.textContent.toLowerCase().includes(query);
        row.hidden = !match;
        if (match) shown += 1;
      }
      footer.textContent = `1 - ${shown} of ${shown}`;
    },
  });
  renderCommandBar([
    {
      id: `${page.etn}|NoRelationship|HomePageGrid|Mscrm.NewRecordFromGrid`,
      label: 'New',
      iconName: 'plus',
      onClick: () =>
        navigate(`main.aspx?appid=${DEMO_DATA.appId}&pagetype=entityrecord&etn=${page.etn}`),
    },
    {
      id: `${page.etn}|NoRelationship|HomePageGrid|Mscrm.DeleteSelectedRecord`,
      label: 'Delete',
      iconName: 'trash',
      onClick: () => toast('Deleting is not part of the demo.'),
    },
    {
      id: `${page.etn}|NoRelationship|HomePageGrid|Mscrm.Modern.refreshCommand`,
      label: 'Refresh',
      iconName: 'refresh',
      onClick: () => void route(),
    },
    {
      id: `${page.etn}|NoRelationship|HomePageGrid|Mscrm.ExportToExcel`,
      label: 'Export to Excel',
      iconName: 'list',
      onClick: () => toast('Export is not part of the demo.'),
    },
  ]);
  append(
    clear(content),
    h(
      'div',
      { class: 'card list-view', 'data-id': 'entity-list', 'data-entity': page.etn },
      h(
        'div',
        { class: 'view-header' },
        h(
          'h1',
          null,
          h(
            'button',
            {
              type: 'button',
              class: 'view-selector',
              id: 'ViewSelector',
              'aria-label': `Select a view, ${meta.view}`,
            },
            meta.view,
            icon('chevron', 14),
          ),
        ),
        h('div', { class: 'view-tools' }, icon('filter'), filter),
      ),
      body,
      footer,
    ),
  );
  document.title = `${meta.plural} ${meta.view} - ${APP_TITLE}`;
  delete window.Xrm;
}

function kpi(label, value, hint) {
  return h(
    'div',
    { class: 'kpi' },
    h('div', { class: 'kpi-label' }, label),
    h('div', { class: 'kpi-value' }, value),
    h('div', { class: 'kpi-hint' }, hint),
  );
}

function renderDashboard() {
  formState = null;
  const leads = DEMO_DATA.leads.map((l) => withOverrides(l));
  const opps = DEMO_DATA.opportunities.map((o) => withOverrides(o));
  const open = opps.filter((o) => o.status === 'In Progress' || o.status === 'On Hold');
  const pipeline = open.reduce((sum, o) => sum + o.estimatedValue, 0);
  const won = opps.filter((o) => o.status === 'Won').reduce((sum, o) => sum + o.estimatedValue, 0);
  const byStage = STAGES.map((stage) => [
    stage,
    open.filter((o) => o.stage === stage).reduce((sum, o) => sum + o.estimatedValue, 0),
  ]);
  const max = Math.max(1, ...byStage.map(([, value]) => value));
  renderCommandBar([
    {
      id: 'dashboard|Mscrm.NewRecordFromGrid',
      label: 'New',
      iconName: 'plus',
      onClick: () => navigate(`main.aspx?appid=${DEMO_DATA.appId}&pagetype=entityrecord&etn=lead`),
    },
    {
      id: 'dashboard|Mscrm.Modern.refreshCommand',
      label: 'Refresh All',
      iconName: 'refresh',
      onClick: () => void route(),
    },
  ]);
  append(
    clear(content),
    h(
      'div',
      { class: 'dashboard', 'data-id': 'dashboardContainer' },
      h(
        'h1',
        { class: 'page-title' },
        h(
          'button',
          { type: 'button', class: 'view-selector' },
          'Sales Pipeline Dashboard',
          icon('chevron', 14),
        ),
      ),
      h(
        'div',
        { class: 'kpis' },
        kpi(
          'Open leads',
          String(leads.filter((l) => ['New', 'Contacted'].includes(l.status)).length),
          'New or contacted',
        ),
        kpi('Hot leads', String(leads.filter((l) => l.grade === 'Hot').length), 'Rating: Hot'),
        kpi('Open pipeline', formatMoney(pipeline, true), `${open.length} opportunities`),
        kpi('Won this quarter', formatMoney(won, true), 'Closed as won'),
      ),
      h(
        'div',
        { class: 'dash-grid' },
        h(
          'section',
          { class: 'card' },
          h('h2', null, 'Pipeline by sales stage'),
          h(
            'ul',
            { class: 'bars' },
            byStage.map(([stage, value]) =>
              h(
                'li',
                null,
                h('span', { class: 'bar-label' }, stage),
                h(
                  'span',
                  { class: 'bar-track' },
                  h('span', {
                    class: 'bar',
                    style: { width: `${Math.round((value / max) * 100)}%` },
                  }),
                ),
                h('span', { class: 'bar-value' }, formatMoney(value, true)),
              ),
            ),
          ),
        ),
        h(
          'section',
          { class: 'card' },
          h('h2', null, 'My hot leads'),
          h(
            'ul',
            { class: 'link-list' },
            leads
              .filter((l) => l.grade === 'Hot')
              .map((lead) =>
                h(
                  'li',
                  null,
                  h('a', { href: recordUrl('lead', lead.guid) }, nameOf(lead)),
                  h('span', null, lead.company),
                ),
              ),
          ),
        ),
        h(
          'section',
          { class: 'card wide' },
          h('h2', null, 'Open opportunities'),
          grid('opportunity', open, 'Open opportunities'),
        ),
      ),
    ),
  );
  document.title = `Dashboards: Sales Pipeline Dashboard - ${APP_TITLE}`;
  delete window.Xrm;
}

function renderSearch(page) {
  formState = null;
  const query = page.text.trim().toLowerCase();
  renderCommandBar([], { back: true });
  const sections = Object.entries(ENTITIES).map(([etn, meta]) => {
    const hits = meta.records
      .map((record) => withOverrides(record))
      .filter((record) =>
        Object.values(record).some((value) => String(value).toLowerCase().includes(query)),
      );
    return hits.length
      ? h(
          'section',
          { class: 'card' },
          h('h2', null, `${meta.plural} (${hits.length})`),
          grid(etn, hits, meta.plural),
        )
      : null;
  });
  append(
    clear(content),
    h(
      'div',
      { class: 'search-results', 'data-id': 'searchResults' },
      h('h1', { class: 'page-title' }, 'Search results for ', h('q', null, page.text)),
      sections.some(Boolean) ? sections : h('p', { class: 'card empty' }, 'No results.'),
    ),
  );
  search.value = page.text;
  document.title = `Search - ${APP_TITLE}`;
  delete window.Xrm;
}

// ---------------------------------------------------------------------------------------------
// Router

let renderToken = 0;

async function route() {
  const token = ++renderToken;
  const page = parseLocation();
  highlightSitemap(page);
  // Like UCI, the URL changes first; the old page goes away and a progress bar shows while the
  // next page "loads".
  formState = null;
  append(
    clear(content),
    h('div', { class: 'loading', role: 'progressbar', 'aria-label': 'Loading' }, h('span')),
  );
  content.setAttribute('aria-busy', 'true');
  await delay(renderLatency());
  if (token !== renderToken) return;
  content.removeAttribute('aria-busy');
  switch (page.kind) {
    case 'record':
    case 'new':
      renderRecord(page);
      break;
    case 'list':
      renderList(page);
      break;
    case 'search':
      renderSearch(page);
      break;
    default:
      renderDashboard();
  }
  content.scrollTop = 0;
  document.dispatchEvent(
    new CustomEvent('upnext-demo:rendered', { detail: { url: location.href } }),
  );
}

buildShell();
interceptLinks((url) => navigate(url));
addEventListener('popstate', () => void route());
installHotkeys({
  search: () => search,
  save: () => (formState ? formState.save() : toast('Nothing to save')),
});
void route();
