import type * as v from 'valibot';

/** A command: `request` validates the renderer's payload in main; `reply` only carries the reply type. */
export interface CommandDefinition<S extends v.GenericSchema, R> {
  readonly request: S;
  readonly reply: R;
}

export interface EventDefinition<P> {
  readonly payload: P;
}

export const command = <S extends v.GenericSchema>(request: S) => ({
  returns: <R>(): CommandDefinition<S, R> => ({ request, reply: undefined as unknown as R }),
});

export const event = <P>(): EventDefinition<P> => ({ payload: undefined as unknown as P });
