/**
 * Connections and completions per week, a uPlot line chart (canvas). uPlot cannot read CSS
 * variables, so the colours are read from the page and the chart is drawn again when the OS
 * switches between light and dark. The weekly table beside it carries the same numbers.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

import type { WeekPoint } from '../../lib/engine/insights';
import { DAY } from '../../lib/engine/time/zoned';

function colour(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

/** What a chart of `weeks` shows, as `data-weeks` says and `data-drawn` confirms once drawn. */
function weeksMark(weeks: readonly WeekPoint[]): string {
  return `${weeks.at(0)?.week ?? ''}+${weeks.length}`;
}

export function WeeklyChart({ weeks, labelId }: { weeks: WeekPoint[]; labelId: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (element === null) return;
    let plot: uPlot | null = null;
    const draw = (): void => {
      plot?.destroy();
      const fg = colour('--fg', '#1b1f24');
      const grid = colour('--border', '#d0d7de');
      const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
      plot = new uPlot(
        {
          width: Math.max(320, element.clientWidth),
          height: 220,
          scales: { x: { time: true } },
          axes: [axis, { ...axis, size: 48 }],
          series: [
            {},
            { label: 'Connected', stroke: colour('--accent', '#0b5cad'), width: 2 },
            { label: 'Completed', stroke: colour('--success', '#1a7f37'), width: 2, dash: [6, 4] },
          ],
          // Says on the element which weeks the canvas holds (tests and the benchmark wait on it).
          hooks: { draw: [() => (element.dataset['drawn'] = weeksMark(weeks))] },
        },
        [
          weeks.map((point) => (point.week * DAY) / 1000),
          weeks.map((point) => point.connected),
          weeks.map((point) => point.completed),
        ],
        element,
      );
    };
    draw();
    const dark = window.matchMedia('(prefers-color-scheme: dark)');
    dark.addEventListener('change', draw);
    const resize = new ResizeObserver(() => {
      if (plot !== null && Math.abs(plot.width - element.clientWidth) > 8)
        plot.setSize({ width: Math.max(320, element.clientWidth), height: 220 });
    });
    resize.observe(element);
    return () => {
      dark.removeEventListener('change', draw);
      resize.disconnect();
      plot?.destroy();
    };
  }, [weeks]);
  return (
    <div
      ref={host}
      class="weekly-chart"
      role="img"
      aria-labelledby={labelId}
      data-weeks={weeksMark(weeks)}
    />
  );
}
