import '@/components/pages/page.css';
import '@/components/popup/popup.css';

import { computed } from '@preact/signals';
import { render } from 'preact';
import { browser } from 'wxt/browser';

import { PopupView } from '@/components/popup/popup-view';
import { send } from '@/lib/messaging/client';
import { connectLive } from '@/lib/models/worklist-live';
import { createPopupModel } from '@/lib/models/worklist-popup-model';
import { dayBounds } from '@/lib/views/worklist-query';

function open(path: '/worklist.html' | '/options.html'): void {
  void browser.tabs.create({ url: browser.runtime.getURL(path) });
  window.close();
}

/** The toolbar popup: the due count (same source as the badge), the next five, shortcuts. */
const model = createPopupModel({ send });
const bounds = computed(() => dayBounds(model.now.value, model.timeZone.value));

connectLive({
  target: model,
  listen: (handler) => {
    const listener = (message: unknown): undefined => {
      handler(message);
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  },
  document,
  window,
});

function PopupApp() {
  return (
    <PopupView
      status={model.status.value}
      error={model.error.value}
      due={model.due.value}
      next={model.next.value}
      bounds={bounds.value}
      onOpenWorklist={() => open('/worklist.html')}
      onOpenConsole={() => open('/options.html')}
    />
  );
}

void model.load();
const root = document.getElementById('app');
if (root !== null) render(<PopupApp />, root);
