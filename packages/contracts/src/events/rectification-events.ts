import { protobufEventCodec, type DomainEvent } from '@lesp/core';
import * as v1 from '../../generated/lesp/supervision/v1/rectification.js';

/**
 * Rectification (整改) events as they travel: the proto messages of rectification.proto. The
 * supervision service maps its domain events (unions of grounds, optional deadlines) to these.
 */
export type RectificationEventV1 =
  | DomainEvent<'RectificationNoticeIssued', v1.RectificationNoticeIssued>
  | DomainEvent<'RectificationReplied', v1.RectificationReplied>
  | DomainEvent<'RectificationAccepted', v1.RectificationAccepted>
  | DomainEvent<'RectificationReturned', v1.RectificationReturned>
  | DomainEvent<'RectificationEscalated', v1.RectificationEscalated>
  | DomainEvent<'RectificationClosed', v1.RectificationClosed>
  | DomainEvent<'AccountabilityRecorded', v1.AccountabilityRecorded>
  | DomainEvent<'RectificationMarkedForPublication', v1.RectificationMarkedForPublication>;

export const rectificationEventCodec = protobufEventCodec<RectificationEventV1>({
  RectificationNoticeIssued: { schemaVersion: 1, fns: v1.RectificationNoticeIssued },
  RectificationReplied: { schemaVersion: 1, fns: v1.RectificationReplied },
  RectificationAccepted: { schemaVersion: 1, fns: v1.RectificationAccepted },
  RectificationReturned: { schemaVersion: 1, fns: v1.RectificationReturned },
  RectificationEscalated: { schemaVersion: 1, fns: v1.RectificationEscalated },
  RectificationClosed: { schemaVersion: 1, fns: v1.RectificationClosed },
  AccountabilityRecorded: { schemaVersion: 1, fns: v1.AccountabilityRecorded },
  RectificationMarkedForPublication: { schemaVersion: 1, fns: v1.RectificationMarkedForPublication },
});
