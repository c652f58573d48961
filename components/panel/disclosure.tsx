import { Component, type ComponentChildren } from 'preact';

import { panelExtras, type PanelExtras } from './extras';

interface DisclosureProps {
  summary: string;
  body: (extras: PanelExtras) => ComponentChildren;
  children?: ComponentChildren;
}

/**
 * One of a sequence card's three sections that open on demand (Upcoming, Completed steps, About
 * this sequence). The summary is part of the panel; what the section holds is drawn by the
 * panel's extras (components/panel/extras.ts), so its text is not parsed before the panel's first
 * paint (docs/performance.md, "Where the bytes go"). `children` follow the body (About's
 * Disconnect).
 *
 * The body is drawn only while the section is open: a closed section holds nothing, so the
 * panel's renders (the reply to every action, every navigation) do not diff a whole sequence's
 * upcoming steps and its formatted history for a section nobody sees (docs/architecture.md, "A
 * seller's action, end to end", fifth pass). Opened before the extras came: they are asked for;
 * the panel draws again when they arrive. A class, not hooks: the panel's first paint does
 * without `preact/hooks` (docs/architecture.md, "What the panel parses first").
 */
export class Disclosure extends Component<DisclosureProps, { open: boolean }> {
  override state = { open: false };

  private readonly onToggle = (event: Event): void => {
    const open = (event.currentTarget as HTMLDetailsElement).open;
    if (open !== this.state.open) this.setState({ open });
  };

  override render({ summary, body, children }: DisclosureProps, { open }: { open: boolean }) {
    const extras = open ? panelExtras() : null;
    return (
      <details class="disclosure" onToggle={this.onToggle}>
        <summary>{summary}</summary>
        {extras !== null && body(extras)}
        {children}
      </details>
    );
  }
}
