import { jointMeetingEventCodec } from '@lesp/contracts';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
import { MEETING, systemActor } from './aggregates.js';
import type { CoordinationCommands } from './coordination-commands.js';

interface EscalationDocument {
  _id: string;
  _v: number;
  countyCode: string;
  adviceIds: string[];
}

/**
 * Process manager: when a joint meeting is held, each advice it lists as unanswered past its
 * due date (JointMeetingHeld.escalatedAdvice) is escalated to it (AdviceEscalated). A
 * redelivery finds the advice escalated (or answered meanwhile) and records nothing.
 */
export function adviceEscalationProjection(commands: () => CoordinationCommands | undefined): Projection<EscalationDocument> {
  return {
    name: 'cross-region.advice-escalation',
    readModel: 'rm_advice_escalations',
    handles: (eventType) => eventType === 'JointMeetingHeld',
    async apply(record, target) {
      if (record.source !== 'cross-region' || record.aggregateType !== MEETING) return;
      const wired = commands();
      if (!wired) throw new Error('advice escalation: not wired yet');
      const event = jointMeetingEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
      if (event.type !== 'JointMeetingHeld') return;
      const current = await target.findOne({ _id: record.streamId }, { projection: { _v: 1 } });
      if (current && current._v >= record.version) return;
      const heldAt = event.data.heldAt ?? record.occurredAt;
      for (const advice of event.data.escalatedAdvice) {
        await wired.escalateAdvice(
          advice.countyCode,
          advice.adviceId,
          { meetingId: event.data.meetingId, meetingCounty: record.countyCode, heldAt },
          { actor: systemActor(advice.countyCode), correlationId: record.correlationId, causationId: record.eventId, occurredAt: heldAt },
        );
      }
      await applyVersioned(target, record.streamId, record, { $set: { adviceIds: event.data.escalatedAdvice.map((a) => a.adviceId) } });
    },
  };
}
