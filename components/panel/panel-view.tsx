import { t } from '@/lib/i18n';
import type { PanelMailbox } from '@/lib/mailbox/mirror';
import type { RecordAction, RecordSighting } from '@/lib/models/panel-model';
import {
  CONNECT_KEY,
  type Failure,
  type MenuKind,
  type Notice,
  type OpenMenu,
  type PanelLayout,
  type PanelStatus,
  type Pending,
  type PickerState,
} from '@/lib/models/panel-model';
import type { RecordView } from '@/lib/views/record-view';

import { ActionButton } from './action-button';
import { ConnectPicker } from './connect-picker';
import { entityLabel, statusLabel } from './labels';
import { PanelShell } from './panel-shell';
import { SequenceCard } from './sequence-card';
import type { TimeContext } from './time-context';

/** Everything the panel shows; a snapshot of the model's signals. */
export interface PanelState {
  status: PanelStatus;
  sighting: RecordSighting | null;
  view: RecordView | null;
  loadError: string | null;
  pending: Pending | null;
  /** Connections whose step just changed: their buttons ignore clicks for a moment. */
  settling?: ReadonlySet<string>;
  failure: Failure | null;
  notice: Notice | null;
  announcement: string;
  menu: OpenMenu | null;
  picker: PickerState;
  layout: PanelLayout;
  time: TimeContext;
  /** The seller's mailbox; absent until it is known (no hints, compose in the mail app). */
  mailbox?: PanelMailbox;
}

/** Everything the seller can do; the content script wires these to the model. */
export interface PanelHandlers {
  onAct: (action: RecordAction) => void;
  onRetry: () => void;
  onDismissNotice: () => void;
  onOpenMenu: (connectionId: string, kind: MenuKind) => void;
  onCloseMenu: () => void;
  onOpenPicker: () => void;
  onClosePicker: () => void;
  onQuery: (query: string) => void;
  onSelect: (id: string) => void;
  onConnect: () => void;
  onToggle: (collapsed: boolean) => void;
  onResize: (width: number, commit: boolean) => void;
  /** Opens the Upnext console (the options page); needs the extension runtime. */
  onOpenConsole: () => void;
  /** Hides the "connect your mailbox" hint for good. */
  onDismissMailboxHint?: () => void;
}

export interface PanelViewProps {
  state: PanelState;
  on: PanelHandlers;
}

/** The Up next panel for one record. Record data is only ever rendered as text. */
export function PanelView({ state, on }: PanelViewProps) {
  const { status, sighting, view } = state;
  if (status === 'hidden' || sighting === null) return null;
  const fields: Record<string, string> = { ...view?.captured, ...sighting.fields };
  const name = view?.name || fields['name'] || sighting.title;
  fields['name'] ??= name;
  // Until the page shows the record (and Upnext knows nothing of it), only its kind is certain.
  const kind = entityLabel(sighting.record.entity);
  const active = view?.active ?? [];
  const dueCount = active.filter((c) => c.current?.kind === 'action' && c.current.isDue).length;

  return (
    <PanelShell
      title={name || kind}
      subtitle={name ? kind : undefined}
      collapsed={state.layout.collapsed}
      width={state.layout.width}
      dueCount={dueCount}
      announcement={state.announcement}
      onToggle={on.onToggle}
      onResize={on.onResize}
    >
      {status === 'loading' && (
        <p class="muted" role="status">
          {t('panelLoading')}
        </p>
      )}
      {status === 'error' && (
        <div class="failure" role="alert">
          <p>{t('panelLoadFailed')}</p>
          {state.loadError && <p>{state.loadError}</p>}
          <ActionButton onClick={() => on.onRetry()}>{t('tryAgain')}</ActionButton>
        </div>
      )}
      {status === 'ready' && view !== null && (
        <>
          {active.map((connection) => (
            <SequenceCard
              key={connection.connectionId}
              connection={connection}
              fields={fields}
              time={state.time}
              pending={state.pending}
              settling={state.settling?.has(connection.connectionId) === true}
              failure={state.failure}
              notice={state.notice}
              menu={state.menu?.connectionId === connection.connectionId ? state.menu.kind : null}
              onAct={on.onAct}
              onRetry={on.onRetry}
              onDismissNotice={on.onDismissNotice}
              onOpenMenu={(kind) => on.onOpenMenu(connection.connectionId, kind)}
              onCloseMenu={on.onCloseMenu}
              mailbox={state.mailbox}
              onOpenConsole={on.onOpenConsole}
              onDismissMailboxHint={on.onDismissMailboxHint}
            />
          ))}
          {state.notice?.key !== undefined &&
            !active.some((c) => c.connectionId === state.notice?.key) && (
              <div class="notice" role="status">
                <p>{state.notice.text}</p>
                <button type="button" class="link-button" onClick={() => on.onDismissNotice()}>
                  {t('dismiss')}
                </button>
              </div>
            )}
          <ConnectPicker
            entity={sighting.record.entity}
            picker={state.picker}
            hasActive={active.length > 0}
            busy={state.pending?.key === CONNECT_KEY}
            locked={state.pending !== null}
            failure={state.failure?.key === CONNECT_KEY ? state.failure.message : null}
            onOpen={on.onOpenPicker}
            onClose={on.onClosePicker}
            onQuery={on.onQuery}
            onSelect={on.onSelect}
            onConnect={on.onConnect}
            onRetry={on.onRetry}
            onOpenConsole={on.onOpenConsole}
          />
          {view.ended.length > 0 && (
            <details class="disclosure disclosure--ended">
              <summary>{t('earlierSequences', view.ended.length)}</summary>
              <ul class="ended">
                {view.ended.map((c) => (
                  <li key={c.connectionId}>
                    <span class="ended__name">{c.sequenceName}</span>
                    <span class="meta">{statusLabel(c.status)}</span>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </PanelShell>
  );
}
