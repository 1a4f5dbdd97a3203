import { readFile } from 'node:fs/promises';
import { complaintsV1 } from '@lesp/contracts';
import { UnavailableError, ValidationError, assertCountyCode, normalizeMainlandPhone, type Violation } from '@lesp/core';
import { callUnary, channelCredentials, type GrpcTlsFiles } from '@lesp/service-bootstrap';

/** A complaint as the portal's form or API takes it (投诉举报). */
export interface ComplaintForm {
  readonly subject: string;
  readonly summary: string;
  readonly name?: string;
  readonly phone?: string;
}

export const COMPLAINT_LIMITS = { subject: 100, summary: 2000, name: 50 } as const;

/** The portal's own checks, field by field, in Chinese; case intake checks again. Pure. */
export function complaintViolations(form: ComplaintForm): Violation[] {
  const violations: Violation[] = [];
  const length = (value: string | undefined) => [...(value ?? '').trim()].length;
  if (length(form.subject) === 0) violations.push({ field: 'subject', code: 'SUBJECT_REQUIRED', message: '请填写投诉举报事项' });
  if (length(form.subject) > COMPLAINT_LIMITS.subject)
    violations.push({ field: 'subject', code: 'SUBJECT_TOO_LONG', message: `投诉举报事项不能超过 ${COMPLAINT_LIMITS.subject} 个字` });
  if (length(form.summary) === 0) violations.push({ field: 'summary', code: 'SUMMARY_REQUIRED', message: '请填写具体情况' });
  if (length(form.summary) > COMPLAINT_LIMITS.summary)
    violations.push({ field: 'summary', code: 'SUMMARY_TOO_LONG', message: `具体情况不能超过 ${COMPLAINT_LIMITS.summary} 个字` });
  if (length(form.name) > COMPLAINT_LIMITS.name)
    violations.push({ field: 'name', code: 'NAME_TOO_LONG', message: `姓名不能超过 ${COMPLAINT_LIMITS.name} 个字` });
  const phone = form.phone?.trim() ?? '';
  if (phone !== '' && normalizeMainlandPhone(phone) === undefined)
    violations.push({ field: 'phone', code: 'PHONE_INVALID', message: '联系电话应为手机号码或带区号的固定电话' });
  return violations;
}

export interface ComplaintReceipt {
  readonly trackingNumber: string;
  readonly dueAt?: Date;
}

/**
 * Hands a complaint from the portal to case intake (ComplaintService.ReceiveComplaint, source
 * `portal`) with this service's own credential (role `service`, read from SERVICE_TOKEN_FILE at
 * each call so it can be rotated). Nothing of the complaint is stored here; its public status
 * comes from case intake's events (`rm_complaint_status`).
 */
export class ComplaintForwarding {
  private readonly client: complaintsV1.ComplaintServiceClient | undefined;

  constructor(private readonly options: { address?: string; tokenFile?: string; tls?: GrpcTlsFiles; deadlineMs: number }) {
    this.client = options.address ? new complaintsV1.ComplaintServiceClient(options.address, channelCredentials(options.tls)) : undefined;
  }

  get available(): boolean {
    return this.client !== undefined && this.options.tokenFile !== undefined;
  }

  async submit(countyCode: string, form: ComplaintForm, correlationId: string): Promise<ComplaintReceipt> {
    assertCountyCode(countyCode);
    const violations = complaintViolations(form);
    if (violations.length > 0) throw new ValidationError(violations);
    const client = this.requireClient();
    const token = (await readFile(this.options.tokenFile!, 'utf8')).trim();
    const name = form.name?.trim() ?? '';
    const phone = form.phone?.trim() ?? '';
    const receipt = await callUnary(
      client,
      client.receiveComplaint,
      complaintsV1.ReceiveComplaintRequest.fromPartial({
        countyCode,
        source: 'portal',
        subject: form.subject.trim(),
        summary: form.summary.trim(),
        ...(name !== '' || phone !== '' ? { complainant: { name, phone } } : {}),
      }),
      { deadlineMs: this.options.deadlineMs, correlationId, bearerToken: token },
    );
    return { trackingNumber: receipt.trackingNumber, ...(receipt.dueAt ? { dueAt: receipt.dueAt } : {}) };
  }

  close(): void {
    this.client?.close();
  }

  private requireClient(): complaintsV1.ComplaintServiceClient {
    if (!this.client || !this.options.tokenFile)
      throw new UnavailableError('COMPLAINTS_UNAVAILABLE', '在线投诉举报暂不可用，请拨打 12345 热线');
    return this.client;
  }
}
