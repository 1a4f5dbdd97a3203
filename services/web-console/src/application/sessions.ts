import { UnauthenticatedError } from '@lesp/core';
import type { Principal } from '@lesp/auth';
import { isConsoleRole, type ConsoleUser } from '../domain/scope.js';

export interface Session {
  readonly id: string;
  readonly user: ConsoleUser;
  /** The user's bearer token: kept on the server and forwarded on every gRPC call; never sent to the browser. */
  readonly token: string;
  readonly expiresAt: number;
}

/**
 * Where sessions live (adapters/mongo-sessions.ts: the console's own database, so a restart or
 * another replica keeps them). A session ends with its token (`exp`) or on sign-out.
 */
export interface SessionStore {
  create(user: ConsoleUser, token: string, expiresAt: number): Promise<Session>;
  /** The session of a cookie's id; 401 when there is none, it was revoked, or it has expired. */
  get(id: string | undefined): Promise<Session>;
  /** Sign-out: the session is gone for every replica. */
  revoke(id: string | undefined): Promise<void>;
}

export const notSignedIn = () => new UnauthenticatedError('CONSOLE_NOT_SIGNED_IN', '未登录或登录已失效，请重新登录');
export const sessionExpired = () => new UnauthenticatedError('TOKEN_EXPIRED', '登录已过期，请重新登录');

/** The console's user from a verified principal; roles without console screens (service accounts) are refused. */
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

/** The `exp` of a JWT (already verified), in ms. */
export function tokenExpiry(token: string): number {
  const payload = token.split('.')[1] ?? '';
  const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: number }).exp;
  return typeof exp === 'number' ? exp * 1000 : 0;
}
