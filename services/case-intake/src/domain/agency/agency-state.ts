/** What the agency decider remembers of a stream. */
export type AgencyState = { readonly status: 'unregistered' } | RegisteredAgency;

export interface RegisteredAgency {
  readonly status: 'active' | 'suspended';
  readonly agencyId: string;
  readonly name: string;
  readonly creditCode: string;
  readonly kind: string;
  readonly legalBasis: string;
  /** 执法事项目录, retired items included (their codes are never reused). */
  readonly powerItems: readonly PowerItem[];
  /** 委托执法, ended and expired ones included. */
  readonly delegations: readonly Delegation[];
}

export interface PowerItem {
  readonly itemCode: string;
  readonly name: string;
  readonly category: string;
  readonly legalBasis: string;
  readonly discretionBenchmark: string;
  readonly addedAt: Date;
  readonly retiredAt?: Date;
}

export interface Delegation {
  readonly delegationId: string;
  readonly townshipName: string;
  readonly entrustmentNumber: string;
  readonly itemCodes: readonly string[];
  readonly powers: string;
  readonly start: Date;
  /** Exclusive. */
  readonly end: Date;
  /** Set when ended early. */
  readonly endedAt?: Date;
}
