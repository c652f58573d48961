// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';

import { acceptOnlyTrustedInput } from './trusted-input';

/** An event as the browser makes it from real input (happy-dom never sets `isTrusted`). */
function trusted<E extends Event>(event: E): E {
  Object.defineProperty(event, 'isTrusted', { value: true });
  return event;
}

let host: HTMLElement;

function panelWithButton(): { root: ShadowRoot; button: HTMLButtonElement; clicks: string[] } {
  host = document.createElement('upnext-test');
  document.body.append(host);
  const root = host.attachShadow({ mode: 'closed' });
  const button = document.createElement('button');
  button.textContent = 'Complete';
  root.append(button);
  const clicks: string[] = [];
  button.addEventListener('click', () => clicks.push('click'));
  button.addEventListener('keydown', (event) => clicks.push(`key:${event.key}`));
  return { root, button, clicks };
}

afterEach(() => {
  host.remove();
});

describe('acceptOnlyTrustedInput', () => {
  it('drops synthetic clicks and keys a script makes, before any handler runs', () => {
    const { root, button, clicks } = panelWithButton();
    acceptOnlyTrustedInput(root);
    button.click();
    button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(clicks).toEqual([]);
  });

  it('cancels the default action of a synthetic event (no form submit, no radio change)', () => {
    const { root } = panelWithButton();
    acceptOnlyTrustedInput(root);
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    root.firstElementChild!.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
  });

  it('lets the real input through: clicks and keys the browser made from the seller', () => {
    const { root, button, clicks } = panelWithButton();
    acceptOnlyTrustedInput(root);
    button.dispatchEvent(trusted(new MouseEvent('click', { bubbles: true })));
    button.dispatchEvent(trusted(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    expect(clicks).toEqual(['click', 'key:Enter']);
  });

  it('can be removed', () => {
    const { root, button, clicks } = panelWithButton();
    const remove = acceptOnlyTrustedInput(root);
    remove();
    button.click();
    expect(clicks).toEqual(['click']);
  });
});
