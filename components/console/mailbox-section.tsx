import { useId } from 'preact/hooks';

import { MAIL_CLIENT_INFO } from '../../lib/mailbox/clients';
import {
  COMPOSE_APPS,
  MAIL_CLIENTS,
  type ComposeApp,
  type MailClientId,
} from '../../lib/mailbox/types';
import type { MailboxModel } from '../../lib/models/console/mailbox-model';
import { LoadFailed } from './load-failed';

const COMPOSE_LABELS: Record<ComposeApp, string> = {
  default: 'Your default mail app',
  gmail: 'Gmail',
  outlook: 'Outlook on the web',
};

/** The words every unreadable mailbox shows, in the console and in the panel. */
const UNREADABLE_TEXT =
  'Upnext cannot read this mailbox — replies must be recorded by hand for now.';

function when(time: number | null): string {
  if (time === null) return 'not yet';
  return new Date(time).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function ClientRow({ model, client }: { model: MailboxModel; client: MailClientId }) {
  const id = useId();
  const info = model.info.value;
  const state = info?.state.clients[client];
  const granted = info?.granted[client] ?? false;
  const { name, origins } = MAIL_CLIENT_INFO[client];
  const busy = model.busy.value;
  const hosts = origins.map((origin) => origin.replace('https://', '')).join(' and ');
  let status: string;
  if (state === undefined) status = 'Not connected.';
  else if (!granted) status = 'Access was removed in the browser: connect again to read it.';
  else if (state.unreadableSince !== null) status = UNREADABLE_TEXT;
  else
    status = `Connected${state.account ? ` as ${state.account}` : ''}. Last read: ${when(state.lastReadAt)}.`;
  const problem = state !== undefined && (state.unreadableSince !== null || !granted);
  return (
    <li class="mailbox__client" aria-labelledby={`${id}-name`}>
      <div>
        <p class="mailbox__name" id={`${id}-name`}>
          {name} <span class="muted">({hosts})</span>
        </p>
        <p class={problem ? 'error' : 'muted'} id={`${id}-status`}>
          {status}
        </p>
      </div>
      {state === undefined ? (
        <button
          type="button"
          class="button button--primary"
          aria-describedby={`${id}-status`}
          disabled={busy !== null}
          onClick={() => void model.connect(client)}
        >
          {busy === client ? `Connecting ${name}…` : `Connect ${name}`}
        </button>
      ) : (
        <button
          type="button"
          class="button"
          aria-describedby={`${id}-status`}
          disabled={busy !== null}
          onClick={() => void model.disconnect(client)}
        >
          {busy === client ? `Disconnecting ${name}…` : `Disconnect ${name}`}
        </button>
      )}
    </li>
  );
}

/**
 * The Mailbox card: connect Gmail or Outlook on the web so replies and sent emails are recorded
 * without a click, and choose how emails are composed. Changes apply at once.
 */
export function MailboxSection({ model }: { model: MailboxModel }) {
  const id = useId();
  const info = model.info.value;
  if (model.status.value === 'loading')
    return (
      <p class="muted" role="status">
        Loading mailbox…
      </p>
    );
  if (info === null)
    return (
      <LoadFailed
        what="The mailbox"
        message={model.error.value}
        onRetry={() => void model.load()}
      />
    );
  const feed = info.state.feed;
  return (
    <section class="card mailbox" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Mailbox</h2>
      <p class="muted">
        Connect the mailbox you send from, and Upnext records a customer&apos;s reply and marks an
        email step done when you send the email, without a click. It reads only the addresses, times
        and subjects of messages from or to a record in a sequence, never their text, and nothing
        leaves your browser. Your browser asks you once to allow it.
      </p>
      <ul class="mailbox__clients">
        {MAIL_CLIENTS.map((client) => (
          <ClientRow key={client} model={model} client={client} />
        ))}
      </ul>
      {info.state.clients.gmail !== undefined && (
        <p class={feed.problem ? 'error' : 'muted'}>
          {feed.problem ??
            `Gmail's inbox feed (checked every minute while a record waits on a reply, even with no Gmail tab open): last read ${when(feed.lastCheckedAt)}.`}
        </p>
      )}
      <p class="muted">
        Opens and link clicks cannot be seen: they need tracking Upnext does not do. Record them
        with the buttons in the panel.
      </p>
      <label class="check">
        <input
          type="checkbox"
          checked={info.state.completeOnSend}
          disabled={model.busy.value !== null}
          onChange={(event) => void model.setCompleteOnSend(event.currentTarget.checked)}
        />
        Complete email steps when I send the email
      </label>
      <label for={`${id}-compose`} class="field__label">
        Open emails in
      </label>
      <select
        id={`${id}-compose`}
        class="select"
        value={info.state.composeWith}
        disabled={model.busy.value !== null}
        onChange={(event) => void model.setComposeWith(event.currentTarget.value as ComposeApp)}
      >
        {COMPOSE_APPS.map((app) => (
          <option key={app} value={app}>
            {COMPOSE_LABELS[app]}
          </option>
        ))}
      </select>
      <p class="muted field__hint">
        The email step&apos;s Open email button writes the message there, with the address, subject
        and text filled in.
      </p>
      <p aria-live="polite" class="live">
        {model.notice.value !== null && <span role="status">{model.notice.value}</span>}
        {model.error.value !== null && (
          <span class="error" role="alert">
            {model.error.value}
          </span>
        )}
      </p>
    </section>
  );
}
