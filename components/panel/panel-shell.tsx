import type { ComponentChildren } from 'preact';

import { t } from '@/lib/i18n';
import { PANEL_WIDTH } from '@/lib/models/panel-model';

import { ChevronIcon } from './icons';

export interface PanelShellProps {
  title: string;
  subtitle?: string | undefined;
  collapsed: boolean;
  width: number;
  /** Steps due now, shown on the collapsed tab. */
  dueCount: number;
  announcement: string;
  onToggle: (collapsed: boolean) => void;
  /** `commit` is false while dragging, true when the seller lets go (then it is remembered). */
  onResize: (width: number, commit: boolean) => void;
  children: ComponentChildren;
}

const KEY_STEP = 16;

/**
 * The frame: docked at the right edge as a fixed overlay (the CRM layout is never touched),
 * resizable from its left edge with the pointer or the keyboard, collapsible to a slim tab.
 */
export function PanelShell(props: PanelShellProps) {
  const { title, subtitle, collapsed, width, dueCount, announcement, onToggle, onResize } = props;
  const live = (
    <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">
      {announcement}
    </div>
  );

  if (collapsed) {
    return (
      <aside class="upnext upnext--collapsed" aria-label={t('panelLabel')}>
        <button
          type="button"
          class="tab"
          aria-expanded="false"
          aria-label={dueCount > 0 ? t('panelExpandDue', dueCount) : t('panelExpand')}
          onClick={() => onToggle(false)}
        >
          <ChevronIcon direction="left" />
          <span class="tab__label">{t('panelLabel')}</span>
          {dueCount > 0 && (
            <span class="tab__count" aria-hidden="true">
              {dueCount}
            </span>
          )}
        </button>
        {live}
      </aside>
    );
  }

  const fromPointer = (event: PointerEvent): number =>
    document.documentElement.clientWidth - event.clientX;

  return (
    <aside class="upnext" aria-label={t('panelLabel')} style={{ width: `${String(width)}px` }}>
      <div
        class="resize"
        role="separator"
        tabIndex={0}
        aria-orientation="vertical"
        aria-label={t('panelResize')}
        aria-valuenow={width}
        aria-valuemin={PANEL_WIDTH.min}
        aria-valuemax={PANEL_WIDTH.max}
        // A drag is the pointer this edge captured (released by itself after pointerup): no
        // state of our own, so the first paint needs no preact/hooks (panel-extras.ts).
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          event.preventDefault();
        }}
        onPointerMove={(event) => {
          if (event.currentTarget.hasPointerCapture(event.pointerId))
            onResize(fromPointer(event), false);
        }}
        onPointerUp={(event) => {
          if (!event.currentTarget.hasPointerCapture(event.pointerId)) return;
          onResize(fromPointer(event), true);
        }}
        onKeyDown={(event) => {
          const next =
            event.key === 'ArrowLeft'
              ? width + KEY_STEP
              : event.key === 'ArrowRight'
                ? width - KEY_STEP
                : event.key === 'Home'
                  ? PANEL_WIDTH.min
                  : event.key === 'End'
                    ? PANEL_WIDTH.max
                    : null;
          if (next === null) return;
          event.preventDefault();
          onResize(next, true);
        }}
      />
      <header class="header">
        <div class="heading">
          <p class="brand">{t('panelLabel')}</p>
          <h1 class="record" title={title}>
            {title}
          </h1>
          {subtitle && <p class="subtitle">{subtitle}</p>}
        </div>
        <button
          type="button"
          class="icon-button"
          aria-expanded="true"
          aria-label={t('panelCollapse')}
          title={t('panelCollapse')}
          onClick={() => onToggle(true)}
        >
          <ChevronIcon direction="right" />
        </button>
      </header>
      <div class="body">{props.children}</div>
      {live}
    </aside>
  );
}
