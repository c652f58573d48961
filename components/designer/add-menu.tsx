/**
 * "Add an action" (issue #16, item 2): the four groups Dynamics 365 managers know (Steps,
 * Conditions, Commands, LinkedIn) in a native modal dialog that says where the step goes.
 */
import { ACTION_GROUPS, ACTIONS } from '../../lib/designer/catalog';
import { ModalDialog } from '../modal-dialog';

export function AddMenu(props: {
  /** "Add a step after Intro email". */
  where: string;
  onAdd: (actionKey: string) => void;
  onClose: () => void;
}) {
  return (
    <ModalDialog title="Add an action" onClose={props.onClose} class="d-add-menu">
      <p class="muted d-add-menu__where">{props.where}</p>
      <div class="d-add-menu__groups">
        {ACTION_GROUPS.map((group) => (
          <section
            key={group.group}
            class="d-add-menu__group"
            aria-labelledby={`d-add-${group.group}`}
          >
            <h3 id={`d-add-${group.group}`}>{group.label}</h3>
            <ul>
              {ACTIONS.filter((item) => item.group === group.group).map((item, index) => (
                <li key={item.key}>
                  <button
                    type="button"
                    class="d-add-menu__item"
                    data-action={item.key}
                    {...(group.group === 'steps' && index === 0 ? { 'data-autofocus': true } : {})}
                    aria-labelledby={`d-add-label-${item.key}`}
                    aria-describedby={`d-add-hint-${item.key}`}
                    onClick={() => props.onAdd(item.key)}
                  >
                    <span class="d-add-menu__label" id={`d-add-label-${item.key}`}>
                      {item.label}
                    </span>
                    <span class="d-add-menu__hint" id={`d-add-hint-${item.key}`}>
                      {item.hint}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <div class="actions actions--end">
        <button type="button" class="button" onClick={props.onClose}>
          Cancel
        </button>
      </div>
    </ModalDialog>
  );
}
