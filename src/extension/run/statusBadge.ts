// Status shown three ways at once: an icon (shapes drawn like VS Code's
// codicons, in currentColor), a word, and the theme colours of its own badge
// (media/runbook.css, .badge-<status>). A person who cannot tell colours
// apart still reads the shape and the word. Free of 'vscode'.
import type { StepStatus } from '../../core/run/types';
import type { PhaseState } from './runProgress';

const PATHS: Record<PhaseState, string> = {
  // circle-large-outline
  pending: '<circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" stroke-width="1.5"/>',
  // a ring with its first quarter drawn (spins, unless the person asked for less motion)
  running: '<circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" stroke-opacity="0.35" stroke-width="1.5"/><path d="M8 2.5a5.5 5.5 0 0 1 5.5 5.5" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/>',
  // check
  passed: '<path d="M3 8.5l3.2 3.2L13 4.8" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/>',
  // close (x) in a circle
  failed: '<circle cx="8" cy="8" r="6.5" fill="currentColor"/><path d="M5.6 5.6l4.8 4.8M10.4 5.6l-4.8 4.8" stroke="var(--badge-icon-cut, #fff)" stroke-width="1.6" stroke-linecap="round"/>',
  // debug-step-over: an arc over a dot
  skipped: '<path d="M2.5 9a5.5 5.5 0 0 1 10.2-2.6M13 3.5v3.2H9.8" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"/><circle cx="8" cy="12" r="1.6" fill="currentColor"/>',
  // warning triangle with "!"
  attention: '<path d="M8 1.8l6.6 12H1.4z" fill="currentColor"/><path d="M8 6v3.8" stroke="var(--badge-icon-cut, #000)" stroke-width="1.6" stroke-linecap="round"/><circle cx="8" cy="12" r="0.95" fill="var(--badge-icon-cut, #000)"/>',
  // a half-filled circle: some done, some waiting
  partial: '<circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M8 2.5a5.5 5.5 0 0 1 0 11z" fill="currentColor"/>',
};

/** The icon alone, hidden from screen readers: the word next to it says the same. */
export function statusIcon(state: PhaseState): string {
  return `<svg class="status-icon icon-${state}" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">${PATHS[state]}</svg>`;
}

/** A badge: icon and word, in the status's own colours. */
export function badgeHtml(state: StepStatus | PhaseState, label: string, escape: (text: string) => string): string {
  return `<span class="badge badge-${state}" data-status="${state}">${statusIcon(state)}<span class="badge-text">${escape(label)}</span></span>`;
}
