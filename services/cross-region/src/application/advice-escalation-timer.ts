import { ConcurrencyError, newId } from '@lesp/core';
import type { ProjectionRunner } from '@lesp/projection-runner';
import { systemActor } from './aggregates.js';
import type { CoordinationCommands } from './coordination-commands.js';
import { adviceProjection, meetingsProjection, type AdviceDocument, type MeetingDocument } from './projections/coordination-projections.js';

export interface AdviceEscalationTimerOptions {
  readonly pollMs: number;
  readonly clock: () => Date;
  readonly onError: (error: unknown) => void;
}

/**
 * The clock behind advice escalation (the deciders take time from their commands): every
 * `pollMs` each replica looks for advice unanswered past its due date that is not before a
 * meeting yet, and sends `EscalateOverdueAdvice` with the time and the agreement's next
 * scheduled joint meeting (the earliest not yet held), if any. The advice decides: on that
 * meeting's agenda, flagged as awaiting a meeting once, or nothing. Replicas firing together
 * send the same idempotency key, so the advice records it once.
 */
export class AdviceEscalationTimer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly projections: ProjectionRunner,
    private readonly commands: CoordinationCommands,
    private readonly options: AdviceEscalationTimerOptions,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.fire(), this.options.pollMs);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One pass (skipped while the previous one runs); how many pieces of advice it looked at. */
  async fire(): Promise<number> {
    if (this.running) return 0;
    this.running = this.pass().catch((error: unknown) => {
      this.options.onError(error);
      return 0;
    });
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async pass(): Promise<number> {
    const now = this.options.clock();
    // Scans on FerretDB v1 (a filter on `open`): the open advice of a deployment is a few hundred documents.
    const open = await (await this.projections.collection<AdviceDocument>(adviceProjection.name)).find({ open: true }).toArray();
    const due = open.filter((a) => a.view.escalatedToMeeting === '' && a.view.dueAt.getTime() <= now.getTime());
    const meetings = await this.projections.collection<MeetingDocument>(meetingsProjection.name);
    const nextMeeting = new Map<string, { meetingId: string; meetingCounty: string } | undefined>();
    for (const advice of due) {
      if (!nextMeeting.has(advice.agreementId)) {
        const scheduled = (await meetings.find({ agreementId: advice.agreementId }).toArray())
          .filter((m) => m.agreementId === advice.agreementId && m.view.status === 'scheduled')
          .sort((a, b) => a.view.scheduledFor.getTime() - b.view.scheduledFor.getTime() || a._id.localeCompare(b._id))[0];
        nextMeeting.set(advice.agreementId, scheduled ? { meetingId: scheduled._id, meetingCounty: scheduled.countyCode } : undefined);
      }
      const meeting = nextMeeting.get(advice.agreementId);
      // Flagged before and still no meeting to go before: nothing to ask the advice.
      if (!meeting && advice.view.awaitingSince) continue;
      try {
        await this.commands.escalateOverdueAdvice(advice.countyCode, advice._id, meeting, {
          actor: systemActor(advice.countyCode),
          correlationId: newId(),
          causationId: `advice-escalation-timer:${advice._id}`,
          occurredAt: now,
        });
      } catch (error) {
        // Another replica's timer got there first: its record stands.
        if (!(error instanceof ConcurrencyError)) throw error;
      }
    }
    return due.length;
  }
}
