import type { MailboxPageReport, MailMessage } from '../types';

/** What one read of a mail page found: how the page looked, and every message it could read. */
export interface PageRead {
  report: MailboxPageReport;
  messages: MailMessage[];
}
