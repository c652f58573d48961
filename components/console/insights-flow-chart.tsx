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

const WIDTH = 960;
const HEIGHT = 360;

function stepIdOf(nodeId: string): string | null {
  if (!nodeId.startsWith('step:')) return null;
  const rest = nodeId.slice('step:'.length);
  return rest.replace(/:(a|b)$/, '');
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
  const layout = useMemo(() => {
    if (flow.links.length === 0) return null;
    const used = new Set(flow.links.flatMap((link) => [link.source, link.target]));
    const nodes = flow.nodes.filter((node) => used.has(node.id)).map((node) => ({ ...node }));
    const generator = sankey<NodeExtra, LinkExtra>()
      .nodeId((node) => node.id)
      .nodeAlign(sankeyLeft)
      .nodeWidth(12)
      .nodePadding(14)
      .extent([
        [1, 8],
        [WIDTH - 1, HEIGHT - 8],
      ]);
    return generator({
      nodes,
      links: flow.links.map((link: FlowLink) => ({ ...link })),
    });
  }, [flow]);
  if (layout === null) return null;
  const path = sankeyLinkHorizontal<NodeExtra, LinkExtra>();
  const nodeOf = (node: SankeyNode<NodeExtra, LinkExtra> | string | number) =>
    typeof node === 'object' ? node : null;
  return (
    <svg
      class="flow-chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-labelledby={summaryId}
      preserveAspectRatio="xMidYMid meet"
    >
      <g class="flow-chart__links">
        {layout.links.map((link) => {
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
        {layout.nodes.map((node) => {
          const x0 = node.x0 ?? 0;
          const x1 = node.x1 ?? 0;
          const y0 = node.y0 ?? 0;
          const y1 = node.y1 ?? 0;
          const stepId = stepIdOf(node.id);
          const left = x0 < WIDTH / 2;
          return (
            <g
              key={node.id}
              class={`flow-chart__node flow-chart__node--${node.kind}${stepId === null ? '' : ' is-clickable'}`}
              onClick={stepId === null ? undefined : () => onSelectStep(stepId)}
            >
              <rect x={x0} y={y0} width={x1 - x0} height={Math.max(1, y1 - y0)} />
              <text
                x={left ? x1 + 6 : x0 - 6}
                y={(y0 + y1) / 2}
                dy="0.35em"
                text-anchor={left ? 'start' : 'end'}
              >
                {`${node.label} (${node.value ?? 0})`}
              </text>
            </g>
          );
        })}
      </g>
    </svg>
  );
}
