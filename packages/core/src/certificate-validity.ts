/**
 * An enforcement certificate (执法证) over time. "Was the officer's certificate valid when
 * the act was done?" is asked long after the fact (持证上岗, 亮证执法), so the certificate is
 * kept as a history of periods, each from an effective time until the next one.
 */
export const CERTIFICATE_STATUSES = ['valid', 'suspended', 'revoked', 'lost'] as const;

/** 有效, 暂扣, 注销/收回, 遗失 (until reissued, 补发). */
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

export interface CertificatePeriod {
  readonly status: CertificateStatus;
  /** When this status took effect in the world. */
  readonly from: Date;
  /** Set where the validity changed (registration, reissue); later periods keep the last one given. */
  readonly validUntil?: Date;
  /** Set where the number changed (registration, reissue). */
  readonly certificateNumber?: string;
}

export interface CertificateAt {
  readonly status: CertificateStatus;
  readonly validUntil: Date | undefined;
  readonly certificateNumber: string | undefined;
  /** Status "valid" and `at` before the end of validity. */
  readonly valid: boolean;
}

/**
 * The certificate as it stood at `at`, or undefined before its first period. Periods are
 * taken in time order (a stable sort: equal times keep their recorded order).
 */
export function certificateAt(history: readonly CertificatePeriod[], at: Date): CertificateAt | undefined {
  const ordered = [...history].sort((a, b) => a.from.getTime() - b.from.getTime());
  let current: CertificateAt | undefined;
  for (const period of ordered) {
    if (period.from.getTime() > at.getTime()) break;
    const validUntil = period.validUntil ?? current?.validUntil;
    const certificateNumber = period.certificateNumber ?? current?.certificateNumber;
    current = {
      status: period.status,
      validUntil,
      certificateNumber,
      valid: period.status === 'valid' && validUntil !== undefined && at.getTime() < validUntil.getTime(),
    };
  }
  return current;
}

/** Pure: was the certificate valid at `at` (issued, not suspended, revoked or lost, not expired)? */
export function certificateValidAt(history: readonly CertificatePeriod[], at: Date): boolean {
  return certificateAt(history, at)?.valid ?? false;
}
