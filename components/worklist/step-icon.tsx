import type { StepType } from '../../lib/sequence/types';

/** Outline paths on a 16×16 grid, one per step type; decorative (the word is always shown). */
const PATHS: Partial<Record<StepType, string>> = {
  email: 'M2 4h12v8H2z M2 4l6 5 6-5',
  call: 'M4 2h3l1 3-2 1a8 8 0 0 0 4 4l1-2 3 1v3a1 1 0 0 1-1 1A11 11 0 0 1 3 3a1 1 0 0 1 1-1z',
  text: 'M2 3h12v8H7l-3 3v-3H2z',
  task: 'M3 3h10v10H3z M5.5 8l2 2 3-4',
  linkedin: 'M2 2h12v12H2z M5 7v4 M5 5v.5 M8 11V7 M8 9a2 2 0 0 1 3-1v3',
  condition: 'M6 6a2 2 0 1 1 2 2v1.5 M8 11.5v.5 M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13',
};

export function StepIcon({ type }: { type: StepType | null }) {
  const d = (type === null ? undefined : PATHS[type]) ?? 'M8 5a3 3 0 1 0 0 6 3 3 0 0 0 0-6';
  return (
    <svg
      class="step-icon"
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
    >
      <path
        d={d}
        fill="none"
        stroke="currentColor"
        stroke-width="1.4"
        stroke-linecap="round"
        stroke-linejoin="round"
      />
    </svg>
  );
}
