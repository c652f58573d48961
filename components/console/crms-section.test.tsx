// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { builtInCrms } from '../../lib/crm/built-in-crms';
import { mountPoint, unmount } from '../test-kit';
import { CrmsSection } from './crms-section';

let root: HTMLElement;

beforeEach(() => {
  root = mountPoint();
});

afterEach(() => {
  unmount(root);
});

/** The "Self-hosted CRMs" part of the section: its heading, explanation and table caption. */
function selfHostedText(): string {
  const heading = [...root.querySelectorAll('h2')].find(
    (element) => element.textContent === 'Self-hosted CRMs',
  );
  if (heading === undefined) throw new Error('No "Self-hosted CRMs" heading');
  const parts: string[] = [];
  for (let node = heading.nextElementSibling; node && node.tagName !== 'H2';) {
    parts.push(node.textContent);
    node = node.nextElementSibling;
  }
  return parts.join(' ');
}

describe('CrmsSection', () => {
  it('sends a seller with a self-hosted CRM to the form beside it, not only to a pack', () => {
    render(<CrmsSection editor={<p>editor</p>} />, root);
    const text = selfHostedText();
    // The form the console shows right there ("Add a self-hosted CRM") is the way to add one.
    expect(text).toContain('Add a self-hosted CRM');
    expect(text).not.toMatch(/through a pack/i);
    expect(text).not.toMatch(/add them with a custom CRM definition in a pack/i);
  });

  it('lists every built-in CRM once, by the name the rest of Upnext gives it', () => {
    render(<CrmsSection />, root);
    const listed = [...root.querySelectorAll('th[scope="row"]')].map((cell) => cell.textContent);
    for (const { name } of builtInCrms()) {
      expect(listed.filter((text) => text === name || text.startsWith(`${name} `))).toHaveLength(1);
    }
    expect(listed).toContain('SuiteCRM 7 and 8');
    expect(listed).toHaveLength(builtInCrms().length);
  });
});
