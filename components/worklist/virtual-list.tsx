import { Fragment, type ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface VirtualListProps<T> {
  items: readonly T[];
  /** Fixed height of every row in px (CSS uses the same number). */
  rowHeight: number;
  /** Rows rendered above and below the viewport. */
  overscan?: number;
  /** Used until the container has been measured (and in DOM-less tests). */
  fallbackHeight?: number;
  keyOf: (item: T) => string;
  renderRow: (item: T, index: number, rowProps: RowProps) => ComponentChildren;
  label: string;
  /** Header row (role="row" cells), rendered above the scrolling rows. */
  header: ComponentChildren;
  /** Shown instead of rows when there are none. */
  empty?: ComponentChildren;
  /** Called after every draw with the indexes of the rows in the DOM (in view, overscan, tab stop). */
  onDrawn?: (indexes: readonly number[]) => void;
}

/** Props a row element must spread: position, roving tab stop, and the keyboard hook. */
export interface RowProps {
  'aria-rowindex': number;
  tabIndex: number;
  style: { top: string; height: string };
  'data-index': number;
  onFocus: () => void;
}

const NAV_KEYS = new Set(['ArrowDown', 'ArrowUp', 'Home', 'End', 'PageDown', 'PageUp']);

/**
 * A windowed table: only the rows in view (plus `overscan`) are in the DOM, each absolutely
 * placed at `index × rowHeight` inside a spacer as tall as the whole list. One row is the tab
 * stop (roving tabindex); arrow keys, Home/End and PageUp/PageDown move it, scroll it into view
 * and keep it rendered even when the seller scrolls away, so focus is never lost.
 */
export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, rowHeight, keyOf, renderRow } = props;
  // Every new list (the first rows, a filter, a search, an action) is drawn first with only the
  // rows in view and the rows around them (overscan, for smooth scrolling) that are drawn
  // already (kept: nothing to create, and a focused one keeps its focus); the other rows around
  // them follow right after that paint (an effect), where the seller does not wait for them: a
  // filter over 10,000 rows creates 13 rows' elements before the paint instead of 21
  // (docs/worklist.md).
  const [overscanFor, setOverscanFor] = useState<readonly T[] | null>(null);
  useEffect(() => {
    if (items.length > 0) setOverscanFor(items);
  }, [items]);
  const overscan = props.overscan ?? 8;
  const settled = overscanFor === items;
  const drawnKeys = useRef<ReadonlySet<string>>(new Set());
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(props.fallbackHeight ?? 600);
  const [active, setActive] = useState(0);
  const focusNext = useRef<number | null>(null);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null) return undefined;
    const measure = (): void => {
      if (element.clientHeight > 0) setHeight(element.clientHeight);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const count = items.length;
  const current = Math.min(active, Math.max(0, count - 1));

  useLayoutEffect(() => {
    if (focusNext.current === null) return;
    const index = focusNext.current;
    focusNext.current = null;
    scroller.current
      ?.querySelector<HTMLElement>(`[data-index="${index}"]`)
      ?.focus({ preventScroll: true });
  });

  const inFirst = Math.floor(scrollTop / rowHeight);
  const inLast = Math.ceil((scrollTop + height) / rowHeight);
  const first = Math.max(0, inFirst - overscan);
  const last = Math.min(count - 1, inLast + overscan);
  const indexes: number[] = [];
  for (let i = first; i <= last; i++) {
    if (settled || (i >= inFirst && i <= inLast) || drawnKeys.current.has(keyOf(items[i])))
      indexes.push(i);
  }
  // The tab stop stays in the DOM wherever the seller scrolled.
  if (count > 0 && !indexes.includes(current)) indexes.push(current);
  const { onDrawn } = props;
  // Before the browser paints: whoever needs to know which rows can be under the pointer
  // (the work list's click guard) knows it before the seller can click one.
  useLayoutEffect(() => {
    drawnKeys.current = new Set(indexes.map((index) => keyOf(items[index])));
    onDrawn?.(indexes);
  });

  function moveTo(index: number): void {
    const target = Math.max(0, Math.min(count - 1, index));
    const element = scroller.current;
    if (element !== null) {
      const top = target * rowHeight;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (top + rowHeight > element.scrollTop + height)
        element.scrollTop = top + rowHeight - height;
      setScrollTop(element.scrollTop);
    }
    focusNext.current = target;
    setActive(target);
  }

  function onKeyDown(event: KeyboardEvent): void {
    if (!NAV_KEYS.has(event.key)) return;
    const row = event.target instanceof HTMLElement ? event.target : null;
    // Only from a row itself: arrows inside a select or an input keep their own meaning.
    if (row === null || row.dataset['index'] === undefined) return;
    event.preventDefault();
    const page = Math.max(1, Math.floor(height / rowHeight) - 1);
    const from = Number(row.dataset['index']);
    const to =
      event.key === 'ArrowDown'
        ? from + 1
        : event.key === 'ArrowUp'
          ? from - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? count - 1
              : event.key === 'PageDown'
                ? from + page
                : from - page;
    moveTo(to);
  }

  return (
    <div class="vlist" role="table" aria-label={props.label} aria-rowcount={count + 1}>
      <div role="rowgroup" class="vlist__head">
        {props.header}
      </div>
      <div
        ref={scroller}
        class="vlist__scroll"
        role="rowgroup"
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
      >
        {count === 0 ? (
          props.empty
        ) : (
          <div class="vlist__spacer" style={{ height: `${count * rowHeight}px` }}>
            {indexes.map((index) => {
              const item = items[index];
              return (
                <Fragment key={keyOf(item)}>
                  {renderRow(item, index, {
                    'aria-rowindex': index + 2,
                    tabIndex: index === current ? 0 : -1,
                    style: { top: `${index * rowHeight}px`, height: `${rowHeight}px` },
                    'data-index': index,
                    onFocus: () => {
                      if (index !== current) setActive(index);
                    },
                  })}
                </Fragment>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
