import type { ActEvent, actEventsV1 } from '@lesp/contracts';

/** A step after the opening: its data is exactly what the step's event will record. */
export type ActStep = Exclude<ActEvent, { type: 'ApplicationReceived' | 'CaseFiled' }>;
export type ActStepType = ActStep['type'];
export type OpenedBy = 'application' | 'filing';

/** Commands on an enforcement act. Ids and times come in with the command. */
export type ActCommand =
  | { readonly type: 'OpenAct'; readonly data: { readonly openedBy: OpenedBy; readonly opening: actEventsV1.ActOpening } }
  | { readonly type: 'RecordActStep'; readonly data: { readonly step: ActStep } };
