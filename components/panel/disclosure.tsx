import type { ComponentChildren } from 'preact';

import { extrasRegistry, panelExtras, type PanelExtras } from './extras';

/**
 * One of a sequence card's three sections that open on demand (Upcoming, Completed steps, About
 * this sequence). The summary is part of the panel; what the section holds is drawn by the
 * panel's extras (components/panel/extras.ts), which are asked for when the seller reaches for
 * the panel or opens a section, so its text is not parsed before the panel's first paint
 * (docs/performance.md, "Where the bytes go"). `children` follow the body (About's Disconnect).
 */
export function Disclosure({
  summary,
  body,
  children,
}: {
  summary: string;
  body: (extras: PanelExtras) => ComponentChildren;
  children?: ComponentChildren;
}) {
  const extras = extrasRegistry().extras;
  return (
    <details
      class="disclosure"
      onToggle={(event) => {
        // Opened before the extras came: ask for them; the panel draws again when they arrive.
        if (event.currentTarget.open) panelExtras();
      }}
    >
      <summary>{summary}</summary>
      {extras !== null && body(extras)}
      {children}
    </details>
  );
}
