import * as v from 'valibot';
import { contract } from './contract.ts';
import { isCommandName } from './names.ts';
import { AppFailure, fail, ok, type Result } from './result.ts';
import type { Handlers } from './types.ts';

export interface DispatchOptions {
  /** Called with unexpected (non-AppFailure) errors; the renderer only learns "INTERNAL". */
  readonly onUnexpectedError?: (name: string, error: unknown) => void;
}

/**
 * The single entry point every transport calls: unknown names and payloads that fail their schema
 * come back as BAD_REQUEST before any handler runs; handler failures never escape as exceptions.
 */
export async function dispatch(
  handlers: Handlers,
  name: unknown,
  payload: unknown,
  options: DispatchOptions = {},
): Promise<Result<unknown>> {
  if (!isCommandName(name)) return fail('BAD_REQUEST', 'unknown command');
  // Every request is a plain object; valibot's object schemas would also accept an array.
  if (!isPlainObject(payload)) return fail('BAD_REQUEST', `invalid request for ${name}: (request)`);
  const parsed = v.safeParse(contract.commands[name].request, payload);
  // Name the failing fields but never echo their values: a payload can carry a password.
  if (!parsed.success) return fail('BAD_REQUEST', `invalid request for ${name}: ${describeIssues(parsed.issues)}`);
  try {
    const handler = handlers[name] as (request: unknown) => Promise<unknown>;
    return ok(await handler(parsed.output));
  } catch (error) {
    if (error instanceof AppFailure) return fail(error.code, error.message, error.details);
    options.onUnexpectedError?.(name, error);
    return fail('INTERNAL', 'unexpected error');
  }
}

function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const fields = new Set(issues.map((issue) => v.getDotPath(issue) ?? '(request)'));
  return [...fields].join(', ');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
