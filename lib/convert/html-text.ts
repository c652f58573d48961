/**
 * Email bodies arrive as HTML in every tool; Upnext templates are plain text (they fill a
 * `mailto:` composer or a text message). html-to-text does the conversion (entities, lists,
 * links as "text [url]", line breaks) so that we do not hand-roll an HTML parser.
 */
import { convert } from 'html-to-text';

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
  selector,
  options: { uppercase: false },
}));

const OPTIONS = {
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    { selector: 'img', format: 'skip' },
    ...HEADINGS,
  ],
};

/** True when the text has markup worth converting (a tag or an HTML entity). */
function looksLikeHtml(value: string): boolean {
  return /<\/?[a-z][\w-]*(\s[^<>]*)?\/?>/i.test(value) || /&(#\d+|#x[\da-f]+|[a-z]+);/i.test(value);
}

/**
 * Plain text of an HTML fragment or document: paragraphs separated by one blank line, no line
 * wrapping, no trailing white space. Plain text passes through unchanged.
 */
export function htmlToText(value: string): string {
  const plain = looksLikeHtml(value) ? convert(value, OPTIONS) : value;
  return plain
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
