import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '../../..') });

async function restrictedImports(filePath: string, source: string): Promise<number> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').length;
}

/** The process boundaries are enforced by the linter; each zone must reject what crosses it. */
describe('lint zones', () => {
  it.each([
    ['src/shared/ipc/x.ts', "import { ipcMain } from 'electron';"],
    ['src/shared/ipc/x.ts', "import { readFile } from 'node:fs';"],
    ['src/shared/model/x.ts', "import { createClient } from 'matrix-js-sdk';"],
    ['src/shared/model/x.ts', "import { createCore } from '../../main/core/create-core.ts';"],
    ['src/main/core/x.ts', "import { app } from 'electron';"],
    ['src/main/core/session/x.ts', "import { createKeytarSecretStore } from '../../adapters/keytar-secret-store.ts';"],
    ['src/renderer/views/x.ts', "import { readFile } from 'node:fs';"],
    ['src/renderer/views/x.ts', "import path from 'path';"],
    ['src/renderer/views/x.ts', "import { ipcRenderer } from 'electron';"],
    ['src/renderer/state/x.ts', "import { createClient } from 'matrix-js-sdk';"],
    ['src/renderer/state/x.ts', "import { createCore } from '../../main/core/create-core.ts';"],
    ['src/preload/x.ts', "import { createClient } from 'matrix-js-sdk';"],
    ['src/preload/x.ts', "import { readFile } from 'node:fs';"],
  ])('%s may not: %s', async (filePath, source) => {
    expect(await restrictedImports(filePath, `${source}\nexport {};\n`)).toBe(1);
  });

  it.each([
    ['src/main/core/x.ts', "import { createClient } from 'matrix-js-sdk';"],
    ['src/main/core/session/x.ts', "import { contract } from '../../../shared/ipc/contract.ts';"],
    ['src/main/adapters/x.ts', "import { app } from 'electron';"],
    ['src/renderer/state/x.ts', "import { contract } from '../../shared/ipc/contract.ts';"],
    ['src/preload/x.ts', "import { contextBridge } from 'electron';"],
  ])('%s may: %s', async (filePath, source) => {
    expect(await restrictedImports(filePath, `${source}\nexport {};\n`)).toBe(0);
  });
});
