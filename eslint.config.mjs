// The layer rule of docs/architecture.md ("The layers") is enforced here:
//   src/core       imports neither 'vscode' nor Node I/O (pure TypeScript)
//   src/node       may use Node, never 'vscode', never the extension or CLI
//   src/cli        never 'vscode', never the extension
//   src/extension  the only place that imports 'vscode'
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeIo = ['fs', 'fs/promises', 'dgram', 'net', 'os', 'child_process', 'http', 'https', 'dns', 'dns/promises', 'tls', 'worker_threads', 'cluster', 'readline', 'process', 'crypto', 'path', 'url', 'util', 'stream', 'events', 'buffer', 'timers', 'zlib'];
const nodeModules = [...nodeIo, ...nodeIo.map((m) => `node:${m}`)];
const layerMessage = 'layer rule (docs/architecture.md): ';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'out-*/**', 'node_modules/**', '.vscode-test/**', 'dist-vsix/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: `${layerMessage}src/core stays free of the VS Code API` },
          ...nodeModules.map((name) => ({ name, message: `${layerMessage}src/core does no I/O and uses no Node module` })),
        ],
        patterns: [{ group: ['**/node/**', '**/extension/**', '**/cli/**'], message: `${layerMessage}src/core imports only src/core` }],
      }],
      'no-restricted-globals': ['error', { name: 'Buffer', message: `${layerMessage}src/core uses Uint8Array, not Buffer` }, { name: 'process', message: `${layerMessage}src/core does not read the process` }],
    },
  },
  {
    files: ['src/node/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: `${layerMessage}src/node must run without VS Code (the CLI uses it)` }],
        patterns: [{ group: ['**/extension/**', '**/cli/**'], message: `${layerMessage}src/node imports only src/node and src/core` }],
      }],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: `${layerMessage}the CLI runs without VS Code` }],
        patterns: [{ group: ['**/extension/**'], message: `${layerMessage}the CLI does not import the extension layer` }],
      }],
    },
  },
  {
    files: ['**/*.mjs', 'media/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', fetch: 'readonly', window: 'readonly', document: 'readonly', acquireVsCodeApi: 'readonly', URL: 'readonly', Element: 'readonly' } },
  },
);
