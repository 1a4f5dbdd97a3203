import { ValidationError, assertCountyCode, newId, type CommandContext } from '@lesp/core';
import { CommandHandler, type EventStore, type HandleOptions } from '@lesp/event-store';
import type { OfficerCommand } from '../domain/officer/officer-commands.js';
import type { OfficerEvent, OfficerState } from '../domain/officer/officer-decider.js';
import type { CommandOutcome } from './agency-commands.js';
import { AgencyLookup } from './agency-lookup.js';
import type { CertificateNumberRegistry } from './certificate-numbers.js';
import { certificateNumberViolations, registrationViolations } from '../domain/officer/officer-rules.js';
import { officerAggregate } from './officer-aggregate.js';

/** Ids become part of stream ids: letters, digits, `_` and `-` only. */
const OFFICER_ID = /^[A-Za-z0-9_-]{1,64}$/;

type Data<T extends OfficerCommand['type']> = Omit<Extract<OfficerCommand, { type: T }>['data'], 'officerId' | 'at'>;

export interface RegisterOfficerInput extends Data<'RegisterOfficer'> {
  /** Client-chosen; generated when empty. */
  readonly officerId?: string;
}

/**
 * Application service for officers: checks what the pure decider cannot (the agency exists in
 * this county; a certificate number is not another officer's), runs the decider with the command's effective time, wakes the relay.
 */
export class OfficerCommands {
  private readonly handler: CommandHandler<OfficerCommand, OfficerEvent, OfficerState>;
  private readonly agencies: AgencyLookup;

  constructor(
    store: EventStore,
    private readonly certificateNumbers: CertificateNumberRegistry,
    private readonly afterAppend: () => void = () => {},
  ) {
    this.handler = new CommandHandler(store, officerAggregate);
    this.agencies = new AgencyLookup(store);
  }

  async register(countyCode: string, input: RegisterOfficerInput, context: CommandContext, options: HandleOptions = {}) {
    assertCountyCode(countyCode);
    await this.agencies.assertExists(countyCode, input.agencyId, 'agencyId');
    const officerId = input.officerId?.trim() || newId();
    const { officerId: _ignored, ...data } = input;
    // Malformed input is answered as such before the number is looked at (the decider checks it again).
    const violations = registrationViolations({ ...data, at: context.occurredAt });
    if (violations.length > 0) throw new ValidationError(violations);
    await this.certificateNumbers.reserve(countyCode, data.certificateNumber, officerId);
    return this.run(countyCode, officerId, context, options, {
      type: 'RegisterOfficer',
      data: { ...data, officerId, at: context.occurredAt },
    });
  }

  suspend(countyCode: string, officerId: string, reason: string, context: CommandContext, options: HandleOptions = {}) {
    return this.run(countyCode, officerId, context, options, {
      type: 'SuspendCertificate',
      data: { officerId, reason, at: context.occurredAt },
    });
  }

  revoke(countyCode: string, officerId: string, reason: string, context: CommandContext, options: HandleOptions = {}) {
    return this.run(countyCode, officerId, context, options, {
      type: 'RevokeCertificate',
      data: { officerId, reason, at: context.occurredAt },
    });
  }

  reportLost(countyCode: string, officerId: string, context: CommandContext, options: HandleOptions = {}) {
    return this.run(countyCode, officerId, context, options, {
      type: 'ReportCertificateLost',
      data: { officerId, at: context.occurredAt },
    });
  }

  async reissue(
    countyCode: string,
    officerId: string,
    data: Data<'ReissueCertificate'>,
    context: CommandContext,
    options: HandleOptions = {},
  ) {
    assertCountyCode(countyCode);
    const violations = certificateNumberViolations(data.certificateNumber);
    if (violations.length > 0) throw new ValidationError(violations);
    await this.certificateNumbers.reserve(countyCode, data.certificateNumber, officerId);
    return this.run(countyCode, officerId, context, options, {
      type: 'ReissueCertificate',
      data: { ...data, officerId, at: context.occurredAt },
    });
  }

  reinstate(countyCode: string, officerId: string, context: CommandContext, options: HandleOptions = {}) {
    return this.run(countyCode, officerId, context, options, { type: 'ReinstateCertificate', data: { officerId, at: context.occurredAt } });
  }

  async transfer(countyCode: string, officerId: string, toAgencyId: string, context: CommandContext, options: HandleOptions = {}) {
    assertCountyCode(countyCode);
    await this.agencies.assertExists(countyCode, toAgencyId, 'toAgencyId');
    return this.run(countyCode, officerId, context, options, {
      type: 'TransferOfficer',
      data: { officerId, toAgencyId, at: context.occurredAt },
    });
  }

  recordExam(countyCode: string, officerId: string, data: Data<'RecordExamResult'>, context: CommandContext, options: HandleOptions = {}) {
    return this.run(countyCode, officerId, context, options, {
      type: 'RecordExamResult',
      data: { ...data, officerId, at: context.occurredAt },
    });
  }

  recordTraining(
    countyCode: string,
    officerId: string,
    data: Data<'RecordTrainingHours'>,
    context: CommandContext,
    options: HandleOptions = {},
  ) {
    return this.run(countyCode, officerId, context, options, {
      type: 'RecordTrainingHours',
      data: { ...data, officerId, at: context.occurredAt },
    });
  }

  private async run(
    countyCode: string,
    officerId: string,
    context: CommandContext,
    options: HandleOptions,
    command: OfficerCommand,
  ): Promise<CommandOutcome> {
    assertCountyCode(countyCode);
    if (!OFFICER_ID.test(officerId)) {
      throw ValidationError.of('officerId', 'OFFICER_ID_INVALID', '执法人员编号应为 1 到 64 位字母、数字、_ 或 -');
    }
    const handled = await this.handler.handle(countyCode, officerId, command, context, options);
    if (handled.records.length > 0) this.afterAppend();
    return { aggregateId: officerId, version: handled.nextVersion, eventIds: handled.records.map((r) => r.eventId) };
  }
}
