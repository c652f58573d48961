/**
 * The hand-off links of a step: `tel:`, `sms:` and a LinkedIn people search (email links live
 * with the mail clients, lib/mailbox/clients.ts). Every part is URL-encoded; record data never
 * becomes markup.
 */
import { withoutSalutation } from '@/lib/crm/person-name';

const enc = encodeURIComponent;

/** Digits, `+`, `*`, `#` and separators only: phone fields often carry labels like "(mobile)". */
export function telLink(phone: string): string | null {
  const cleaned = phone.replace(/[^\d+*#,;]/g, '');
  return /\d/.test(cleaned) ? `tel:${cleaned}` : null;
}

export function smsLink(phone: string | undefined, body: string): string {
  const number = phone ? phone.replace(/[^\d+]/g, '') : '';
  return `sms:${number}${body ? `?body=${enc(body)}` : ''}`;
}

/** A people search by name (without a salutation: nobody's LinkedIn name starts "Mr.") and company. */
export function linkedinSearchLink(name: string, company: string | undefined): string {
  const keywords = [withoutSalutation(name), company ?? '']
    .map((s) => s.trim())
    .filter(Boolean)
    .join(' ');
  return `https://www.linkedin.com/search/results/people/?keywords=${enc(keywords)}`;
}
