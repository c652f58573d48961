/** How insights show their numbers, in one place for the table, the summaries and the charts. */
import { formatDuration } from '../../lib/format/time';

export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10} %`;
}

export function formatTrend(points: number | null): string {
  if (points === null) return '—';
  const rounded = Math.round(points * 10) / 10;
  if (rounded === 0) return '±0 pts';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded)} pts`;
}

export function formatTime(ms: number | null): string {
  return ms === null ? '—' : formatDuration(ms);
}

export function formatPerDay(value: number): string {
  return String(Math.round(value * 10) / 10);
}
