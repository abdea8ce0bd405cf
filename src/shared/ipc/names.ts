import { contract } from './contract.ts';
import type { CommandName, EventName } from './types.ts';

/** The exact allowlists derived from the contract; the preload and every transport check against them. */
export const COMMAND_NAMES: ReadonlySet<string> = new Set(Object.keys(contract.commands));
export const EVENT_NAMES: ReadonlySet<string> = new Set(Object.keys(contract.events));

export const isCommandName = (name: unknown): name is CommandName =>
  typeof name === 'string' && COMMAND_NAMES.has(name);
export const isEventName = (name: unknown): name is EventName => typeof name === 'string' && EVENT_NAMES.has(name);
