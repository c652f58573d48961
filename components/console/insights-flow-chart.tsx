/**
 * The flow of records through a sequence version (a Sankey diagram): d3-sankey computes the
 * layout, we draw it as SVG with the page's colours (dark mode follows). The chart is never the
 * only way to read a number: a text summary, the step table and the flow as a table carry the
 * same counts; clicking a step (here or in the step table) lists its records.
 */
import { sankey, sankeyLeft, sankeyLinkHorizontal, type SankeyNode } from 'd3-sankey';
import { useMemo } from 'preact/hooks';

import type { FlowLink, FlowNode, SequenceFlow } from '../../lib/engine/insights-flow';

interface NodeExtra {
  id: string;
  label: string;
  kind: FlowNode['kind'];
}
interface LinkExtra {
  value: number;
}

/** The chart's size grows with the flow: a column per step depth, a row per node in the tallest. */
const MIN_WIDTH = 960;
const MIN_HEIGHT = 240;
/** Horizontal room per column: the node bar and its label. */
const COLUMN_PX = 150;
/** Room right of the last column for its labels. */
const LAST_LABEL_PX = 170;
/** Vertical room per node in the tallest column: a 12 px label never meets its neighbour's. */
const ROW_PX = 32;
const NODE_WIDTH = 12;
const NODE_PADDING = 20;
const LABEL_GAP = 6;
/** A generous average width of a 12 px character, for truncating labels to their column. */
const CHAR_PX = 7.2;

function stepIdOf(nodeId: string): string | null {
  if (!nodeId.startsWith('step:')) return null;
  const rest = nodeId.slice('step:'.length);
  return rest.replace(/:(a|b)$/, '');
}

/**
 * A label that fits in `room` px: the node's name shortened with "…" when needed, its count
 * always shown. The full text is the node's tooltip, and the tables carry it too.
 */
export function fitLabel(label: string, count: number, room: number): string {
  const suffix = ` (${count})`;
  const full = `${label}${suffix}`;
  const chars = Math.floor(room / CHAR_PX);
  if (full.length <= chars) return full;
  const keep = Math.max(1, chars - suffix.length - 1);
  return `${label.slice(0, keep).trimEnd()}…${suffix}`;
}

function layoutOf(flow: SequenceFlow) {
  if (flow.links.length === 0) return null;
  const used = new Set(flow.links.flatMap((link) => [link.source, link.target]));
  const input = () => ({
    nodes: flow.nodes.filter((node) => used.has(node.id)).map((node) => ({ ...node })),
    links: flow.links.map((link: FlowLink) => ({ ...link })),
  });
  const generator = sankey<NodeExtra, LinkExtra>()
    .nodeId((node) => node.id)
    .nodeAlign(sankeyLeft)
    .nodeWidth(NODE_WIDTH)
    .nodePadding(NODE_PADDING);
  // First the columns (depths), to size the chart; then the layout in that size.
  const columns = new Map<number, number>();
  for (const node of generator.extent([
    [0, 0],
    [MIN_WIDTH, MIN_HEIGHT],
  ])(input()).nodes)
    columns.set(node.depth ?? 0, (columns.get(node.depth ?? 0) ?? 0) + 1);
  const depth = Math.max(1, columns.size);
  const tallest = Math.max(...columns.values());
  const width = Math.max(MIN_WIDTH, depth * COLUMN_PX + LAST_LABEL_PX);
  const height = Math.max(MIN_HEIGHT, tallest * ROW_PX + 16);
  const right = width - LAST_LABEL_PX;
  const graph = generator.extent([
    [1, 8],
    [right, height - 8],
  ])(input());
  // Labels sit right of their node, up to the next column (or the chart's edge).
  const step = depth > 1 ? (right - 1 - NODE_WIDTH) / (depth - 1) : right;
  const room = (x1: number) =>
    x1 >= right - 1 ? LAST_LABEL_PX - LABEL_GAP : step - NODE_WIDTH - 2 * LABEL_GAP;
  return { graph, width, height, room };
}

export function FlowChart({
  flow,
  summaryId,
  onSelectStep,
}: {
  flow: SequenceFlow;
  summaryId: string;
  onSelectStep: (stepId: string) => void;
}) {
  const layout = useMemo(() => layoutOf(flow), [flow]);
  if (layout === null) return null;
  const { graph, width, height, room } = layout;
  const path = sankeyLinkHorizontal<NodeExtra, LinkExtra>();
  const nodeOf = (node: SankeyNode<NodeExtra, LinkExtra> | string | number) =>
    typeof node === 'object' ? node : null;
  return (
    <svg
      class="flow-chart"
      viewBox={`0 0 ${width} ${height}`}
      style={{ minWidth: `${width}px` }}
      role="img"
      aria-labelledby={summaryId}
      preserveAspectRatio="xMinYMin meet"
    >
      <g class="flow-chart__links">
        {graph.links.map((link) => {
          const source = nodeOf(link.source);
          const target = nodeOf(link.target);
          return (
            <path
              key={`${source?.id ?? ''}-${target?.id ?? ''}`}
              d={path(link) ?? undefined}
              class={`flow-chart__link flow-chart__link--${target?.kind ?? 'step'} ${target?.id.startsWith('end:') === true ? `flow-chart__link--${target.id.slice(4)}` : ''}`}
              stroke-width={Math.max(1, link.width ?? 1)}
            >
              <title>{`${source?.label ?? ''} → ${target?.label ?? ''}: ${link.value}`}</title>
            </path>
          );
        })}
      </g>
      <g class="flow-chart__nodes">
        {graph.nodes.map((node) => {
          const x0 = node.x0 ?? 0;
          const x1 = node.x1 ?? 0;
          const y0 = node.y0 ?? 0;
          const y1 = node.y1 ?? 0;
          const stepId = stepIdOf(node.id);
          const count = node.value ?? 0;
          return (
            <g
              key={node.id}
              class={`flow-chart__node flow-chart__node--${node.kind}${stepId === null ? '' : ' is-clickable'}`}
              onClick={stepId === null ? undefined : () => onSelectStep(stepId)}
            >
              <title>{`${node.label}: ${count}`}</title>
              <rect x={x0} y={y0} width={x1 - x0} height={Math.max(1, y1 - y0)} />
              <text x={x1 + LABEL_GAP} y={(y0 + y1) / 2} dy="0.35em" text-anchor="start">
                {fitLabel(node.label, count, room(x1))}
              </text>
            </g>
          );
        })}
      </g>
    </svg>
  );
}
