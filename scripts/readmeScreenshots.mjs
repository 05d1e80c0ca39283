// The README's pictures are the integration tests' own screenshots of the
// real workbench: after a passing integration run, `npm test` copies these
// from test-output/ to docs/images/, so the README shows the panel as the
// code draws it now. Commit the copies when the UI has changed.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Screenshot taken by the tests (test-output/) → picture in the README (docs/images/). */
export const README_SCREENSHOTS = {
  'run-panel-top-dark.png': 'run-panel-dark.png',
  'run-panel-top-light.png': 'run-panel-light.png',
  'probe-results-dark.png': 'probe-results.png',
  'check-ports-dark.png': 'check-ports.png',
};

/** Copies every README screenshot the run took; returns the pictures copied and the screenshots missing. */
export function refreshReadmeScreenshots(repo) {
  const from = join(repo, 'test-output');
  const to = join(repo, 'docs', 'images');
  const copied = [];
  const missing = [];
  for (const [shot, picture] of Object.entries(README_SCREENSHOTS)) {
    if (!existsSync(join(from, shot))) { missing.push(shot); continue; }
    mkdirSync(to, { recursive: true });
    copyFileSync(join(from, shot), join(to, picture));
    copied.push(`docs/images/${picture}`);
  }
  return { copied, missing };
}
