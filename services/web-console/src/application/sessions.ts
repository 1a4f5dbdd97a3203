import { randomBytes } from 'node:crypto';
import { UnauthenticatedError } from '@lesp/core';
import type { Principal } from '@lesp/auth';
import { isConsoleRole, type ConsoleUser } from '../domain/scope.js';

export interface Session {
  readonly id: string;
  readonly user: ConsoleUser;
  /** The user's bearer token: kept here, on the server, and forwarded on every gRPC call; never sent to the browser. */
  readonly token: string;
  readonly expiresAt: number;
}

/** The console's user from a verified principal; roles without console screens (operator, service) are refused. */
export function consoleUserOf(principal: Principal, displayName?: string): ConsoleUser {
  if (principal.kind !== 'user' || !isConsoleRole(principal.role)) {
    throw new UnauthenticatedError('CONSOLE_ROLE_UNSUPPORTED', '该账号的角色不能使用执法监督工作台');
  }
  return {
    subject: principal.subject,
    displayName: displayName ?? principal.subject,
    role: principal.role,
    ...(principal.countyCode ? { countyCode: principal.countyCode } : {}),
    ...(principal.agencyId ? { agencyId: principal.agencyId } : {}),
    ...(principal.regionCode ? { regionCode: principal.regionCode } : {}),
    ...(principal.agreementCounties ? { agreementCounties: principal.agreementCounties } : {}),
  };
}

/**
 * Sessions in this process's memory, keyed by a random id carried in an HttpOnly cookie.
 * A session ends with its token (its `exp`), on sign-out, or when the process restarts.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly maxSessions = 10_000,
    private readonly clock: () => number = Date.now,
  ) {}

  create(user: ConsoleUser, token: string, expiresAt: number): Session {
    this.sweep();
    if (this.sessions.size >= this.maxSessions) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    const session: Session = { id: randomBytes(32).toString('base64url'), user, token, expiresAt };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string | undefined): Session {
    const session = id ? this.sessions.get(id) : undefined;
    if (!session) throw new UnauthenticatedError('CONSOLE_NOT_SIGNED_IN', '未登录或登录已失效，请重新登录');
    if (session.expiresAt <= this.clock()) {
      this.sessions.delete(session.id);
      throw new UnauthenticatedError('TOKEN_EXPIRED', '登录已过期，请重新登录');
    }
    return session;
  }

  delete(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  private sweep(): void {
    const now = this.clock();
    for (const [id, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(id);
  }
}

/** The `exp` of a JWT (already verified), in ms. */
export function tokenExpiry(token: string): number {
  const payload = token.split('.')[1] ?? '';
  const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: number }).exp;
  return typeof exp === 'number' ? exp * 1000 : 0;
}
