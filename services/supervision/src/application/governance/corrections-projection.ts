import { correctionFindingEventCodec, personUnderCorrectionEventCodec } from '@lesp/contracts';
import { assertNever } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
import type { FindingCategory } from '../../domain/corrections/index.js';
import { correctionFindingCodec, personUnderCorrectionCodec } from './governance-codec.js';

/** One person under community correction (rm_persons_under_correction), `_id` = the stream id; ids only, no names. */
export interface PersonDocument {
  _id: string;
  _v: number;
  countyCode: string;
  personId: string;
  category: string;
  officeId: string;
  dutyCrime: boolean;
  startsAt: Date;
  endsAt: Date;
  status: 'under_correction' | 'absconded' | 'ended';
  /** Hours per month (YYYY-MM) and kind. */
  hours: Record<string, { education?: number; community_service?: number }>;
  abscondings: number;
  endReason: string;
  updatedAt: Date;
}

export const personsUnderCorrectionProjection: Projection<PersonDocument> = {
  name: 'supervision.persons-under-correction',
  readModel: 'rm_persons_under_correction',
  indexes: [{ key: { countyCode: 1, _id: 1 }, name: 'county_id' }],
  handles: (eventType) => personUnderCorrectionEventCodec.handles(eventType),
  async apply(record, target) {
    if (record.source !== 'supervision') return;
    const event = personUnderCorrectionCodec.decode(record.eventType, record.schemaVersion, record.payload);
    const id = record.streamId;
    const at = record.occurredAt;
    switch (event.type) {
      case 'PersonUnderCorrectionReceived': {
        const d = event.data;
        await applyVersioned(target, id, record, {
          $set: {
            personId: d.personId,
            category: d.category,
            officeId: d.officeId,
            dutyCrime: d.dutyCrime,
            startsAt: d.startsAt,
            endsAt: d.endsAt,
            status: 'under_correction',
            hours: {},
            abscondings: 0,
            endReason: '',
            updatedAt: at,
          },
        });
        return;
      }
      case 'CorrectionHoursRecorded':
        // Months are YYYY-MM and kinds known words: safe as field names. $inc is safe here: the version check lets each event in once.
        await applyVersioned(target, id, record, {
          $set: { updatedAt: at },
          $inc: { [`hours.${event.data.month}.${event.data.kind}`]: event.data.hours },
        });
        return;
      case 'PersonAbsconded':
        await applyVersioned(target, id, record, { $set: { status: 'absconded', updatedAt: at }, $inc: { abscondings: 1 } });
        return;
      case 'PersonReturnedToSupervision':
        await applyVersioned(target, id, record, { $set: { status: 'under_correction', updatedAt: at } });
        return;
      case 'CorrectionEnded':
        await applyVersioned(target, id, record, { $set: { status: 'ended', endReason: event.data.reason, updatedAt: at } });
        return;
      default:
        assertNever(event, 'person under correction event');
    }
  },
};

/** One correction found by supervisors (rm_correction_findings), `_id` = the stream id. */
export interface FindingDocument {
  _id: string;
  _v: number;
  countyCode: string;
  findingId: string;
  category: FindingCategory;
  personId: string;
  description: string;
  foundAt: Date;
  recordedBy: string;
}

export const correctionFindingsProjection: Projection<FindingDocument> = {
  name: 'supervision.correction-findings',
  readModel: 'rm_correction_findings',
  indexes: [{ key: { countyCode: 1, _id: 1 }, name: 'county_id' }],
  handles: (eventType) => correctionFindingEventCodec.handles(eventType),
  async apply(record, target) {
    if (record.source !== 'supervision') return;
    const event = correctionFindingCodec.decode(record.eventType, record.schemaVersion, record.payload);
    const d = event.data;
    await applyVersioned(target, record.streamId, record, {
      $set: {
        findingId: d.findingId,
        category: d.category,
        personId: d.personId ?? '',
        description: d.description,
        foundAt: d.foundAt,
        recordedBy: d.recordedBy,
      },
    });
  },
};
