// Limit probe c (bench/probes.ts): the panel's own components and styles, rendered by Preact
// from a stored record view with no messaging, no model and no content script around them.
import { render } from 'preact';

import { PanelView, type PanelHandlers, type PanelState } from '../components/panel/panel-view';
import css from '../entrypoints/panel-frame/style.css?inline';
import { createPanelModel } from '../lib/models/panel-model';
import type { RecordSighting } from '../lib/messaging/protocol';
import type { RecordView } from '../lib/views/record-view';

const nothing = (): void => undefined;
const on: PanelHandlers = new Proxy({} as PanelHandlers, { get: () => nothing });

let root: HTMLElement | null = null;

/** A shadow root like the panel's, once. */
function mountPoint(): HTMLElement {
  if (root !== null) return root;
  const host = document.createElement('upnext-probe-panel');
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = `:host{all:initial !important;}\n${css.replaceAll(':root', ':host')}`;
  root = document.createElement('div');
  shadow.append(style, root);
  document.documentElement.append(host);
  return root;
}

/** The panel's state as the model holds it once a record's view has arrived. */
function state(sighting: RecordSighting, view: RecordView, now: number): PanelState {
  // The model's own defaults for everything the seller has not touched.
  const model = createPanelModel({
    send: () => Promise.reject(new Error('no messaging in probe c')),
    layoutStore: { load: () => Promise.resolve(null), save: () => Promise.resolve() },
  });
  return {
    status: 'ready',
    sighting,
    view,
    loadError: null,
    pending: null,
    failure: null,
    notice: null,
    announcement: '',
    menu: null,
    picker: model.picker.value,
    layout: model.layout.value,
    time: { now, timeZone: view.timeZone, locale: navigator.language },
    mailbox: undefined,
  };
}

/** Renders the panel for one record; returns the milliseconds until the DOM is committed. */
export function renderPanel(sighting: RecordSighting, view: RecordView, now: number): number {
  const into = mountPoint();
  const next = state(sighting, view, now);
  const t0 = performance.now();
  render(<PanelView state={next} on={on} />, into);
  return performance.now() - t0;
}
