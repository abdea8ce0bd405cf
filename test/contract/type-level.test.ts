import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const tsc = resolve(root, 'node_modules/typescript7/bin/tsc');
const fixtures = resolve(import.meta.dirname, 'fixtures');

/**
 * The contract's promise is that mistakes fail the type check. These fixtures each contain one
 * mistake; the compiler must report exactly that mistake, in that file, and nothing in the clean one.
 */
describe('the IPC contract fails the type check on mistakes', () => {
  let diagnostics: Map<string, string[]>;

  beforeAll(async () => {
    const output = await promisify(execFile)(process.execPath, [tsc, '-p', resolve(fixtures, 'tsconfig.json'), '--pretty', 'false'], {
      cwd: root,
    }).then(
      (done) => done.stdout,
      (failed: { stdout?: string }) => failed.stdout ?? '',
    );
    diagnostics = new Map();
    for (const line of output.split('\n')) {
      const match = /^test\/contract\/fixtures\/([\w-]+)\.fixture\.ts\(\d+,\d+\): error (TS\d+): (.*)$/.exec(line);
      if (!match) continue;
      const [, file = '', code = '', text = ''] = match;
      diagnostics.set(file, [...(diagnostics.get(file) ?? []), `${code} ${text}`]);
    }
  }, 60_000);

  it('accepts complete handlers and well-typed calls', () => {
    expect(diagnostics.get('complete-handlers')).toBeUndefined();
  });

  it('rejects a handler map that leaves a command unimplemented', () => {
    expect(diagnostics.get('missing-handler')).toEqual([expect.stringMatching(/^TS2741 Property '"sync\.status"' is missing/)]);
  });

  it('rejects a handler whose reply has the wrong type', () => {
    expect(diagnostics.get('wrong-reply')).toEqual([expect.stringMatching(/^TS2322 .*userId: number/)]);
  });

  it('rejects a request payload of the wrong type', () => {
    expect(diagnostics.get('wrong-payload')).toEqual([expect.stringMatching(/^TS2322 Type 'number' is not assignable to type 'string'/)]);
  });

  it('rejects a command name the contract does not have', () => {
    expect(diagnostics.get('unknown-command')).toEqual([expect.stringMatching(/^TS2345 Argument of type '"session\.steal"'/)]);
  });

  it('rejects an event listener expecting the wrong payload', () => {
    expect(diagnostics.get('wrong-listener')).toEqual([expect.stringMatching(/^TS2345 .*SessionView/)]);
  });
});
