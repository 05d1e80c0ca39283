// The layer order of the design is held by eslint (eslint.config.mjs); prove
// the rule fires for each forbidden direction and stays quiet for allowed ones.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => /layer rule/.test(m.message)).map((m) => m.message);
}

describe('layer rule', () => {
  it('stops src/core from importing vscode', async () => {
    assert.equal((await layerErrors('src/core/example.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n")).length, 1);
  });
  it('stops src/core from doing I/O', async () => {
    assert.equal((await layerErrors('src/core/example.ts', "import * as dgram from 'node:dgram';\nexport const x = dgram;\n")).length, 1);
    assert.equal((await layerErrors('src/core/example.ts', "import { readFileSync } from 'fs';\nexport const x = readFileSync;\n")).length, 1);
  });
  it('stops src/core from importing a higher layer', async () => {
    assert.equal((await layerErrors('src/core/example.ts', "import { x } from '../node/thing';\nexport const y = x;\n")).length, 1);
  });
  it('stops src/node and src/cli from importing vscode or the extension', async () => {
    assert.equal((await layerErrors('src/node/example.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n")).length, 1);
    assert.equal((await layerErrors('src/cli/example.ts', "import { activate } from '../extension/extension';\nexport const x = activate;\n")).length, 1);
  });
  it('lets each layer use the ones below it', async () => {
    assert.deepEqual(await layerErrors('src/node/example.ts', "import * as dgram from 'node:dgram';\nimport { x } from '../core/thing';\nexport const y = [dgram, x];\n"), []);
    assert.deepEqual(await layerErrors('src/extension/example.ts', "import * as vscode from 'vscode';\nimport { x } from '../node/thing';\nexport const y = [vscode, x];\n"), []);
  });
});
