// The work list's limit probe (bench/worklist.ts, `probe-worklist-first-render`): an extension
// page with one tiny script that opens a copy of Upnext's database (the same connection rows,
// the same [dueAt, id] index), reads the index's first 60 rows and draws them as plain rows.
// Everything the work list does beyond this (its framework, filters, row buttons) is ours.
// `?seed` loads the page without reading (the bench fills the database from it).
const FIRST_PAGE = 60;

if (location.search !== '?seed') {
  const open = indexedDB.open('upnext-probe-worklist');
  open.onsuccess = () => {
    const db = open.result;
    const read = db
      .transaction('connections', 'readonly')
      .objectStore('connections')
      .index('byDueOrder')
      .getAll(null, FIRST_PAGE);
    read.onsuccess = () => {
      const body = document.querySelector('.vlist__spacer');
      for (const row of read.result) {
        const element = document.createElement('div');
        element.setAttribute('role', 'row');
        for (const text of [row.recordName, row.stepName, row.sequenceName, String(row.dueAt)]) {
          const cell = document.createElement('span');
          cell.setAttribute('role', 'cell');
          cell.textContent = text;
          element.append(cell);
        }
        body.append(element);
      }
      db.close();
    };
  };
}
