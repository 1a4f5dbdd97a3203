import { protobufEventCodec, type DomainEvent } from '@lesp/core';
import * as v1 from '../../generated/lesp/public_disclosure/v1/events.js';

/**
 * Events of public disclosure's DecisionDisclosure aggregate (aggregate id = the act id), as the
 * domain emits them and as they travel on lesp.public-disclosure.events. Masked at the source.
 */
export type DecisionDisclosureEvent =
  | DomainEvent<'DecisionRecordedForDisclosure', v1.DecisionRecordedForDisclosure>
  | DomainEvent<'DecisionPublished', v1.DecisionPublished>
  | DomainEvent<'DisclosureRefused', v1.DisclosureRefused>
  | DomainEvent<'DecisionWithdrawn', v1.DecisionWithdrawn>
  | DomainEvent<'DecisionCorrected', v1.DecisionCorrected>
  | DomainEvent<'DecisionMarkedTypical', v1.DecisionMarkedTypical>;

export const decisionDisclosureEventCodec = protobufEventCodec<DecisionDisclosureEvent>({
  DecisionRecordedForDisclosure: { schemaVersion: 1, fns: v1.DecisionRecordedForDisclosure },
  DecisionPublished: { schemaVersion: 1, fns: v1.DecisionPublished },
  DisclosureRefused: { schemaVersion: 1, fns: v1.DisclosureRefused },
  DecisionWithdrawn: { schemaVersion: 1, fns: v1.DecisionWithdrawn },
  DecisionCorrected: { schemaVersion: 1, fns: v1.DecisionCorrected },
  DecisionMarkedTypical: { schemaVersion: 1, fns: v1.DecisionMarkedTypical },
});

/** Events of public disclosure's InspectionTrace aggregate (扫码留痕; aggregate id = the inspection act id). */
export type InspectionTraceEvent =
  DomainEvent<'InspectionTraceIssued', v1.InspectionTraceIssued> | DomainEvent<'InspectionVisitConfirmed', v1.InspectionVisitConfirmed>;

export const inspectionTraceEventCodec = protobufEventCodec<InspectionTraceEvent>({
  InspectionTraceIssued: { schemaVersion: 1, fns: v1.InspectionTraceIssued },
  InspectionVisitConfirmed: { schemaVersion: 1, fns: v1.InspectionVisitConfirmed },
});
