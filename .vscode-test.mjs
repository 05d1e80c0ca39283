// @vscode/test-cli configuration: the desktop path for people who have a
// desktop VS Code (F5 "Extension Tests", `npx vscode-test`). The headless path
// (scripts/integration/runInCodeServer.mjs) runs the same compiled tests.
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  // The main stage only: the reload and Restricted Mode stages need the headless runner.
  files: 'out/test/integration/suite/*.test.js',
  workspaceFolder: './test/workspace',
  version: process.env.VSCODE_TEST_VERSION ?? '1.100.3',
  ...(process.env.VSCODE_EXECUTABLE ? { useInstallation: { fromPath: process.env.VSCODE_EXECUTABLE } } : {}),
  mocha: { ui: 'bdd', timeout: 60000 },
});
