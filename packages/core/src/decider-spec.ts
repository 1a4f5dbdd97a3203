import { deepStrictEqual, fail } from 'node:assert/strict';
import type { Decider } from './decider.js';
import { PlatformError } from './errors.js';

/**
 * Given events / when command / then events or error — the shape of every domain test.
 *   deciderSpec(agencyDecider).given([...]).when(cmd).then([...])
 *   deciderSpec(agencyDecider).given([]).when(cmd).thenThrows('CREDIT_CODE_INVALID')
 */
export function deciderSpec<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given(events: readonly Event[]) {
      const state = events.reduce(decider.evolve, decider.initialState());
      return {
        when(command: Command) {
          const run = () => decider.decide(command, state);
          return {
            then(expected: readonly Event[]): void {
              deepStrictEqual(run(), expected);
            },
            /** The command is rejected with this stable code (and, for validation, these fields). */
            thenThrows(code: string, fields?: readonly string[]): PlatformError {
              try {
                run();
              } catch (error) {
                if (!(error instanceof PlatformError)) throw error;
                deepStrictEqual(error.code, code);
                if (fields) {
                  const violations = (error as { violations?: readonly { field: string }[] }).violations ?? [];
                  deepStrictEqual(
                    violations.map((v) => v.field),
                    fields,
                  );
                }
                return error;
              }
              return fail(`expected the command to be rejected with ${code}`);
            },
          };
        },
      };
    },
  };
}
