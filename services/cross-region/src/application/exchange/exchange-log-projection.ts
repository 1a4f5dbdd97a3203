import {
  actEventCodec,
  administrativeAdviceEventCodec,
  agencyEvaluationEventCodec,
  agreementEventCodec,
  alertEventCodec,
  caseFileReviewEventCodec,
  crossBorderIncidentEventCodec,
  jointMeetingEventCodec,
  rectificationEventCodec,
} from '@lesp/contracts';
import type { Projection } from '@lesp/projection-runner';
import type { ExchangeLog } from './exchange-log.js';

const codecs = [
  actEventCodec,
  alertEventCodec,
  rectificationEventCodec,
  caseFileReviewEventCodec,
  agencyEvaluationEventCodec,
  agreementEventCodec,
  crossBorderIncidentEventCodec,
  administrativeAdviceEventCodec,
  jointMeetingEventCodec,
];

/**
 * Feeds each county's upward exchange log from the events this service consumes: case
 * intake's acts, supervision's alerts, rectifications, reviews and evaluations, and its own
 * coordination events. Not a read model: positions are promised to subscribers, so the log
 * lives in collections of its own that a rebuild never renumbers (the runner's collection for
 * this projection stays empty). A rebuild replays the store and the inbox through it, which
 * logs only events not logged before: the way to backfill what was consumed before the log
 * existed.
 */
export function exchangeLogProjection(log: () => ExchangeLog | undefined): Projection {
  return {
    name: 'cross-region.exchange-log',
    readModel: 'rm_exchange_log_unused',
    handles: (eventType) => codecs.some((codec) => codec.handles(eventType)),
    async apply(record) {
      const wired = log();
      if (!wired) throw new Error('exchange log: not wired yet');
      await wired.append(record);
    },
    // A consumer's batch (one partition's, in order) with a few writes for all of it.
    async applyBatch(records) {
      const wired = log();
      if (!wired) throw new Error('exchange log: not wired yet');
      await wired.appendMany(records);
    },
  };
}
