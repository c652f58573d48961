// The mailbox readers, bundled on their own for the benchmark (bench/mailbox.ts).
export { readGmail } from '../lib/mailbox/dom/gmail';
export { readOutlook } from '../lib/mailbox/dom/outlook';
