import {
  PERMISSIONS,
  PUBLIC_PRINCIPAL,
  authorize,
  denialError,
  type AccessTarget,
  type Permission,
  type Principal,
  type TokenVerifier,
} from '@lesp/auth';
import { UnauthenticatedError } from '@lesp/core';
import type { AuditEntry, AuditLog } from './audit-log.js';

/** How one endpoint is guarded: its permission and which counties / agency a request touches. */
export interface EndpointAccess<Request> {
  readonly permission: Permission;
  /** Absent for public endpoints and operator actions that touch no county's data. */
  readonly target?: (request: Request) => AccessTarget;
}

export interface AccessRequest {
  readonly authorization: string | undefined;
  readonly resource: string;
  readonly source: string;
  readonly correlationId: string;
}

/**
 * The one place that decides whether a call may go on (HTTP hook and gRPC wrapper both
 * call it): verify the token, apply the policy table, and write every decision about
 * non-public data to the audit log, allowed or denied.
 */
export class AccessControl {
  constructor(
    private readonly service: string,
    private readonly verifier: TokenVerifier,
    private readonly audit: AuditLog,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async authenticate(authorization: string | undefined): Promise<Principal> {
    if (authorization === undefined || authorization === '') return PUBLIC_PRINCIPAL;
    const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization);
    if (!match) throw new UnauthenticatedError('AUTHORIZATION_MALFORMED', '登录凭证格式错误（应为 Bearer 令牌）');
    return this.verifier.verify(match[1]!);
  }

  /** Returns the caller when allowed; throws 401/403 (after auditing) when not. */
  async check(permission: Permission, target: AccessTarget, request: AccessRequest): Promise<Principal> {
    const rule = PERMISSIONS[permission];
    if ('public' in rule && rule.public) return PUBLIC_PRINCIPAL;
    let principal: Principal;
    try {
      principal = await this.authenticate(request.authorization);
    } catch (error) {
      await this.record(
        PUBLIC_PRINCIPAL,
        permission,
        target,
        request,
        'denied',
        error instanceof UnauthenticatedError ? error.code : 'TOKEN_INVALID',
      );
      throw error;
    }
    const now = this.clock();
    const decision = authorize(principal, permission, target, now);
    if (!decision.allowed) {
      await this.record(principal, permission, target, request, 'denied', decision.code);
      throw denialError(decision);
    }
    await this.record(principal, permission, target, request, 'allowed', `scope:${decision.scope}`);
    return principal;
  }

  private async record(
    principal: Principal,
    permission: Permission,
    target: AccessTarget,
    request: AccessRequest,
    outcome: AuditEntry['outcome'],
    reason: string,
  ): Promise<void> {
    const rule = PERMISSIONS[permission];
    const at = this.clock();
    // One entry per county whose data was asked for; operator actions belong to no county ("000000").
    const owners = target.countyCodes.length > 0 ? target.countyCodes : ['000000'];
    await this.audit.record(
      owners.map((countyCode) => ({
        at,
        service: this.service,
        subject: principal.subject,
        role: principal.role,
        actorCountyCode: principal.countyCode ?? '',
        countyCode,
        permission,
        action: 'change' in rule && rule.change ? 'change' : 'read',
        resource: request.resource,
        outcome,
        reason,
        source: request.source,
        correlationId: request.correlationId,
      })),
    );
  }
}
