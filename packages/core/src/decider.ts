/**
 * An aggregate as a decider (after Emmett / Jérémie Chassaing): pure functions over
 * readonly typed unions. `decide` throws a PlatformError to reject a command.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): readonly Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** A domain event as the domain sees it: a name and a typed body. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** Compile-time exhaustiveness: a missed case in a `switch` on `type` does not compile. */
export function assertNever(value: never, what = 'case'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
