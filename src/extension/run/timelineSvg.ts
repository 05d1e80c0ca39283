// The run's timeline from the times its record holds: one row per phase, one
// mark per work item from its start to its end, coloured by status through
// the theme's variables (media/runbook.css, .tl-<status>), with the same facts
// as text for screen readers and for anyone who prefers to read. Free of
// 'vscode': strings come through `t`, times through `formatTime`.
import type { Finding } from '../../core/findings/types';
import type { RunRecord, StepStatus } from '../../core/run/types';
import type { Runbook } from '../../core/runbook/model';
import { itemRecord } from '../../core/run/stepRunner';
import { escapeHtml as esc, type Translate } from '../probe/resultsMarkup';

export interface TimelineMark {
  readonly phase: string;
  readonly label: string;
  readonly status: StepStatus;
  readonly start: number;
  readonly end: number;
}

const LABEL_WIDTH = 130;
const WIDTH = 640;
const ROW = 22;

/** Every work item that has a time, as [start, end] in ms since the epoch. */
export function timelineMarks(runbook: Runbook, record: RunRecord, findings: readonly Finding[]): TimelineMark[] {
  const marks: TimelineMark[] = [];
  for (const phase of runbook.phases) {
    for (const step of phase.steps) {
      const parts = step.forEach === 'finding' && findings.length > 0 ? findings.map((f) => ({ f, r: itemRecord(record, step.id, f.id) })) : [{ f: undefined, r: itemRecord(record, step.id) }];
      for (const { f, r } of parts) {
        if (r === undefined) continue;
        const times = [r.startedAt, r.endedAt, ...r.results.map((x) => x.at)].filter((x): x is string => x !== undefined).map((x) => Date.parse(x)).filter((x) => Number.isFinite(x));
        if (times.length === 0) continue;
        marks.push({ phase: phase.title, label: f ? `${step.title} (${f.title})` : step.title, status: r.status, start: Math.min(...times), end: Math.max(...times) });
      }
    }
  }
  return marks;
}

/** The picture and its text; empty when nothing has happened yet. */
export function timelineHtml(runbook: Runbook, record: RunRecord, findings: readonly Finding[], t: Translate, formatTime: (ms: number) => string, statusLabel: (s: StepStatus) => string): string {
  const marks = timelineMarks(runbook, record, findings);
  if (marks.length === 0) return '';
  const t0 = Math.min(Date.parse(record.startedAt), ...marks.map((m) => m.start));
  const t1 = Math.max(t0 + 1000, ...marks.map((m) => m.end));
  const span = t1 - t0;
  const x = (ms: number) => LABEL_WIDTH + ((ms - t0) / span) * (WIDTH - LABEL_WIDTH - 8);
  const phases = runbook.phases.map((p) => p.title);
  const rows = phases.map((title, i) => {
    const y = 6 + i * ROW;
    const own = marks.filter((m) => m.phase === title);
    const bars = own.map((m) => {
      const left = x(m.start);
      const width = Math.max(4, x(m.end) - left);
      return `<rect class="tl-mark tl-${m.status}" x="${left.toFixed(1)}" y="${y + 3}" width="${width.toFixed(1)}" height="${ROW - 10}" rx="2"><title>${esc(`${m.label}: ${statusLabel(m.status)}, ${formatTime(m.start)}–${formatTime(m.end)}`)}</title></rect>`;
    }).join('');
    return `<text class="tl-label" x="0" y="${y + ROW / 2 + 2}">${esc(title)}</text><line class="tl-track" x1="${LABEL_WIDTH}" x2="${WIDTH - 8}" y1="${y + ROW / 2}" y2="${y + ROW / 2}"/>${bars}`;
  }).join('');
  const height = 6 + phases.length * ROW + 18;
  const axis = `<text class="tl-axis" x="${LABEL_WIDTH}" y="${height - 4}">${esc(formatTime(t0))}</text><text class="tl-axis" x="${WIDTH - 8}" y="${height - 4}" text-anchor="end">${esc(formatTime(t1))}</text>`;
  const summary = phases.map((title) => {
    const own = marks.filter((m) => m.phase === title);
    if (own.length === 0) return t('{0}: not started', title);
    return t('{0}: {1} items, {2}–{3}', title, own.length, formatTime(Math.min(...own.map((m) => m.start))), formatTime(Math.max(...own.map((m) => m.end))));
  }).join('; ');
  const list = marks.slice().sort((a, b) => a.start - b.start)
    .map((m) => `<li>${esc(formatTime(m.start))}–${esc(formatTime(m.end))} · ${esc(m.phase)} · ${esc(m.label)}: ${esc(statusLabel(m.status))}</li>`).join('');
  return `<figure class="timeline">
<figcaption>${esc(t('Timeline'))} <span class="muted">${esc(t('from {0} to {1}', formatTime(t0), formatTime(t1)))}</span></figcaption>
<svg viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-labelledby="timeline-title timeline-desc" preserveAspectRatio="xMinYMin meet"><title id="timeline-title">${esc(t('Timeline of the run'))}</title><desc id="timeline-desc">${esc(summary)}</desc>${rows}${axis}</svg>
<details class="timeline-text"><summary>${esc(t('Timeline as text'))}</summary><ol>${list}</ol></details>
</figure>`;
}
