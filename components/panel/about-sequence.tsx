import type { ComponentChildren } from 'preact';

import { formatDateTime } from '@/lib/format/time';
import { t } from '@/lib/i18n';
import type { ConnectionView, SegmentWhyView } from '@/lib/views/record-view';

import { Disclosure } from './disclosure';
import type { PanelExtras } from './extras';
import type { TimeContext } from './time-context';

/** Name, description, size, since when and which version: the sequence's facts. */
export function AboutSequence({
  connection,
  time,
  foot,
}: {
  connection: ConnectionView;
  time: TimeContext;
  /** Sequence-level actions (Disconnect), kept out of the way of the daily ones. */
  foot: (extras: PanelExtras) => ComponentChildren;
}) {
  return (
    <Disclosure
      summary={t('aboutSequence')}
      body={(extras) => (
        <>
          <extras.AboutFacts connection={connection} time={time} />
          {foot(extras)}
        </>
      )}
    />
  );
}

/** The About section's facts (in the panel's extras: components/panel/disclosure.tsx). */
export function AboutFacts({
  connection,
  time,
}: {
  connection: ConnectionView;
  time: TimeContext;
}) {
  return (
    <>
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
      {connection.routedBy && (
        <div class="about__segment">
          <p>
            {connection.routedBy.segmentName === null
              ? t('aboutSegmentGone')
              : t('aboutSegment', connection.routedBy.segmentName)}
          </p>
          {connection.routedBy.latest && (
            <p class="meta">
              {connection.routedBy.latest.why}.{' '}
              {t(
                'aboutSegmentChecked',
                formatDateTime(connection.routedBy.latest.at, time.timeZone, time.locale),
                triggerWords(connection.routedBy.latest.trigger),
              )}
            </p>
          )}
          <p class="meta">{t('aboutSegmentStays')}</p>
        </div>
      )}
    </>
  );
}

function triggerWords(trigger: SegmentWhyView['trigger']): string {
  switch (trigger) {
    case 'first-sight':
      return t('segmentTriggerFirstSight');
    case 'field-change':
      return t('segmentTriggerFieldChange');
    case 'manual':
      return t('segmentTriggerManual');
  }
}
