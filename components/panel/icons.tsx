import type { StepType } from '@/lib/sequence/types';

/** Inline SVG outlines (24×24 grid, stroked), decorative: every icon sits next to words. */
const PATHS: Record<StepType, string[]> = {
  email: ['M3 6h18v12H3z', 'M3 7l9 6 9-6'],
  call: [
    'M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2',
  ],
  text: ['M4 5h16v11H9l-5 4z'],
  task: ['M4 4h16v16H4z', 'M8 12l3 3 5-6'],
  linkedin: ['M4 4h16v16H4z', 'M8 10v6', 'M8 7v.01', 'M12 16v-6', 'M12 12.5a2.5 2.5 0 0 1 5 0V16'],
  wait: ['M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18', 'M12 7v5l3 2'],
  condition: ['M6 3v6', 'M6 9a6 6 0 0 0 6 6h6', 'M6 9v12', 'M15 12l3 3-3 3'],
  'update-field': ['M4 20h4L19 9l-4-4L4 16z', 'M13 7l4 4'],
  'ab-test': [
    'M3 6h18v12H3z',
    'M12 6v12',
    'M6 14l1.5-4 1.5 4',
    'M6.5 12.5h2',
    'M15 10h2a1 1 0 0 1 0 2h-2v-2 4h2.5a1 1 0 0 0 0-2',
  ],
  'move-to-sequence': ['M4 12h14', 'M13 7l5 5-5 5', 'M20 5v14'],
};

export function StepIcon({ type }: { type: StepType }) {
  return (
    <svg
      class={`icon icon--${type}`}
      viewBox="0 0 24 24"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[type].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}

export function ChevronIcon({ direction }: { direction: 'left' | 'right' | 'down' }) {
  const d = { left: 'M15 5l-7 7 7 7', right: 'M9 5l7 7-7 7', down: 'M5 9l7 7 7-7' }[direction];
  return (
    <svg
      class="icon"
      viewBox="0 0 24 24"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
    >
      <path d={d} />
    </svg>
  );
}
