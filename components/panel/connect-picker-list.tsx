import { useId } from 'preact/hooks';

import { t } from '@/lib/i18n';
import { filterOptions } from '@/lib/models/panel-picker';
import type { SequenceOption } from '@/lib/models/panel-model';

import { ActionButton } from './action-button';
import type { ConnectPickerProps } from './connect-picker';
import { entityPlural } from './labels';
import { StepPreviewItem } from './step-preview-item';

function Preview({ option }: { option: SequenceOption }) {
  return (
    <div class="preview">
      <p class="preview__title">{t('connectPreview', option.name)}</p>
      <ol class="steps">
        {option.preview.map((item) => (
          <StepPreviewItem key={`${item.stepId}-${item.branch ?? ''}`} item={item} />
        ))}
      </ol>
    </div>
  );
}

/**
 * The open connect picker: search, pick, preview its steps, connect. Part of the panel's extras
 * (components/panel/extras.ts): it is loaded the first time the seller reaches for the panel.
 */
export function ConnectPickerList(props: ConnectPickerProps) {
  const { entity, picker, hasActive, busy, locked, failure } = props;
  const options = filterOptions(picker.options, picker.query);
  const id = useId();
  const consoleLink = (
    <button type="button" class="link-button" onClick={() => props.onOpenConsole()}>
      {t('openConsole')}
    </button>
  );
  const selected = picker.options?.find((option) => option.id === picker.selectedId) ?? null;

  let body;
  if (picker.loading) {
    body = (
      <p class="muted" role="status">
        {t('connectLoading')}
      </p>
    );
  } else if (picker.error !== null) {
    body = (
      <div class="failure" role="alert">
        <p>{picker.error}</p>
        <ActionButton onClick={props.onOpen}>{t('tryAgain')}</ActionButton>
      </div>
    );
  } else if (picker.options?.length === 0) {
    body = (
      <div class="empty">
        <p>{t(hasActive ? 'connectAllUsed' : 'connectNone', entityPlural(entity))}</p>
        {consoleLink}
      </div>
    );
  } else {
    body = (
      <>
        <label class="field-label" for={`${id}-search`}>
          {t('connectSearch')}
        </label>
        <input
          id={`${id}-search`}
          class="input"
          type="search"
          autoComplete="off"
          value={picker.query}
          onInput={(event) => props.onQuery(event.currentTarget.value)}
        />
        {options.length === 0 ? (
          <p class="muted" role="status">
            {t('connectNoMatch', picker.query.trim())}
          </p>
        ) : (
          <fieldset class="options">
            <legend class="sr-only">{t('connectTitle')}</legend>
            {options.map((option) => (
              <label
                key={option.id}
                class={option.id === picker.selectedId ? 'option is-selected' : 'option'}
              >
                <input
                  type="radio"
                  name={`${id}-sequence`}
                  value={option.id}
                  checked={option.id === picker.selectedId}
                  onChange={() => props.onSelect(option.id)}
                />
                <span class="option__body">
                  <span class="option__name">{option.name}</span>
                  <span class="option__meta">
                    {t('connectStepsCount', option.steps)}
                    {option.description ? `${t('timeSeparator')}${option.description}` : ''}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
        )}
        {selected && <Preview option={selected} />}
        {failure !== null && (
          <div class="failure" role="alert">
            <p>{failure}</p>
            <ActionButton locked={locked} onClick={props.onRetry}>
              {t('tryAgain')}
            </ActionButton>
          </div>
        )}
      </>
    );
  }

  return (
    <section
      class="card connect"
      aria-labelledby={`${id}-title`}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          props.onClose();
        }
      }}
    >
      <h2 class="card__title" id={`${id}-title`}>
        {t('connectTitle')}
      </h2>
      {body}
      <div class="row">
        {(picker.options?.length ?? 0) > 0 && (
          <ActionButton
            variant="primary"
            busy={busy}
            locked={locked || selected === null}
            onClick={props.onConnect}
          >
            {t('connect')}
          </ActionButton>
        )}
        {picker.options?.length !== 0 && (
          <ActionButton variant="quiet" locked={busy} onClick={props.onClose}>
            {t('cancel')}
          </ActionButton>
        )}
      </div>
    </section>
  );
}
