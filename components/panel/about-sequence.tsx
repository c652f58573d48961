import type { ComponentChildren } from 'preact';

import { formatDateTime } from '@/lib/format/time';
import { t } from '@/lib/i18n';
import type { ConnectionView } from '@/lib/views/record-view';

import type { TimeContext } from './time-context';

/** Name, description, size, since when and which version: the sequence's facts. */
export function AboutSequence({
  connection,
  time,
  children,
}: {
  connection: ConnectionView;
  time: TimeContext;
  /** Sequence-level actions (Disconnect), kept out of the way of the daily ones. */
  children?: ComponentChildren;
}) {
  return (
    <details class="disclosure">
      <summary>{t('aboutSequence')}</summary>
      <p class="about__name">{connection.sequenceName}</p>
      {connection.description && <p class="about__description">{connection.description}</p>}
      <dl class="facts">
        <dt>{t('aboutSteps')}</dt>
        <dd>{connection.totalSteps}</dd>
        <dt>{t('aboutConnectedSince')}</dt>
        <dd>{formatDateTime(connection.connectedAt, time.timeZone, time.locale)}</dd>
        <dt>{t('aboutVersion')}</dt>
        <dd>{connection.version}</dd>
      </dl>
      {connection.exitOnReply && <p class="meta">{t('aboutExitOnReply')}</p>}
      {connection.abTests.map((test) => (
        <p class="meta" key={test.stepId}>
          {t('aboutAbTest', test.name, test.version.toUpperCase())}
        </p>
      ))}
      {children}
    </details>
  );
}
