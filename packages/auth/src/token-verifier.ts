import { readFileSync } from 'node:fs';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { isCountyCode, UnauthenticatedError } from '@lesp/core';
import { ROLES, type Principal, type Role } from './principal.js';

/** An identity provider the deployment trusts; a county can bring its own. */
export interface TrustedIssuer {
  readonly issuer: string;
  readonly audience: string;
  /** Where its signing keys are: an OIDC JWKS URL, a JWKS file, or the key set itself. */
  readonly jwksUri?: string;
  readonly jwksFile?: string;
  readonly jwks?: JSONWebKeySet;
  /** Counties this provider may speak for; absent: any. A county's own IdP lists its county. */
  readonly counties?: readonly string[];
}

/** The claims of our tokens, beside the standard ones. */
export interface LespClaims extends JWTPayload {
  lesp_role?: string;
  lesp_county?: string;
  lesp_agency?: string;
  lesp_region?: string;
  lesp_agreement_counties?: string[];
  lesp_supervision_cert?: { no?: string; valid_until?: number };
}

const ALGORITHMS = ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'];

/** Verifies bearer tokens against the trusted issuers' keys and turns them into principals. */
export class TokenVerifier {
  private readonly keys = new Map<string, { issuer: TrustedIssuer; getKey: JWTVerifyGetKey }>();

  constructor(
    issuers: readonly TrustedIssuer[],
    private readonly clock: () => Date = () => new Date(),
  ) {
    for (const issuer of issuers) this.keys.set(issuer.issuer, { issuer, getKey: keySource(issuer) });
  }

  get issuers(): readonly string[] {
    return [...this.keys.keys()];
  }

  async verify(token: string): Promise<Principal> {
    const issuerName = unverifiedIssuer(token);
    const entry = issuerName === undefined ? undefined : this.keys.get(issuerName);
    if (!entry) throw new UnauthenticatedError('ISSUER_UNTRUSTED', '登录凭证的签发方不受信任');
    let payload: LespClaims;
    try {
      ({ payload } = await jwtVerify<LespClaims>(token, entry.getKey, {
        issuer: entry.issuer.issuer,
        audience: entry.issuer.audience,
        algorithms: ALGORITHMS,
        clockTolerance: 30,
        currentDate: this.clock(),
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired)
        throw new UnauthenticatedError('TOKEN_EXPIRED', '登录已过期，请重新登录', { cause: error });
      throw new UnauthenticatedError('TOKEN_INVALID', '登录凭证无效', { cause: error });
    }
    return principalFrom(payload, entry.issuer);
  }
}

function keySource(issuer: TrustedIssuer): JWTVerifyGetKey {
  if (issuer.jwks) return createLocalJWKSet(issuer.jwks);
  if (issuer.jwksFile) return createLocalJWKSet(JSON.parse(readFileSync(issuer.jwksFile, 'utf8')) as JSONWebKeySet);
  if (issuer.jwksUri) return createRemoteJWKSet(new URL(issuer.jwksUri), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  throw new Error(`trusted issuer ${issuer.issuer} has no jwksUri, jwksFile or jwks`);
}

/** Only to pick the key set; the signature is checked right after. */
function unverifiedIssuer(token: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || token.length > 8192) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { iss?: unknown };
    return typeof payload.iss === 'string' ? payload.iss : undefined;
  } catch {
    return undefined;
  }
}

function principalFrom(claims: LespClaims, issuer: TrustedIssuer): Principal {
  const invalid = (why: string) => new UnauthenticatedError('CLAIMS_INVALID', `登录凭证内容不完整：${why}`);
  const role = claims.lesp_role;
  if (!role || !(ROLES as readonly string[]).includes(role)) throw invalid('角色无效');
  const county = claims.lesp_county;
  if (county !== undefined && !isCountyCode(county)) throw invalid('区县代码无效');
  const needsCounty: Role[] = ['agency_clerk', 'county_supervisor'];
  if (needsCounty.includes(role as Role) && !county) throw invalid('缺少所属区县');
  if (role === 'agency_clerk' && !claims.lesp_agency) throw invalid('缺少所属执法单位');
  if (role === 'regional_viewer' && !/^\d{2}(\d{2})?$/.test(claims.lesp_region ?? '')) throw invalid('缺少或无效的辖区代码');
  const agreementCounties = claims.lesp_agreement_counties ?? [];
  if (!Array.isArray(agreementCounties) || !agreementCounties.every((c) => typeof c === 'string' && isCountyCode(c)))
    throw invalid('协议区县无效');
  if (role === 'task_force_member' && agreementCounties.length === 0) throw invalid('缺少合作协议范围');
  const spokenFor = [county, ...agreementCounties].filter((c): c is string => Boolean(c));
  if (issuer.counties && !spokenFor.every((c) => issuer.counties!.includes(c))) {
    throw new UnauthenticatedError('ISSUER_NOT_FOR_COUNTY', '该身份提供方不能为此区县签发登录凭证');
  }
  const certificate = claims.lesp_supervision_cert;
  return {
    kind: 'user',
    subject: claims.sub!,
    issuer: issuer.issuer,
    role: role as Role,
    ...(county ? { countyCode: county } : {}),
    ...(claims.lesp_agency ? { agencyId: claims.lesp_agency } : {}),
    ...(claims.lesp_region ? { regionCode: claims.lesp_region } : {}),
    ...(agreementCounties.length > 0 ? { agreementCounties } : {}),
    ...(certificate?.no && typeof certificate.valid_until === 'number'
      ? { supervisionCertificate: { number: certificate.no, validUntil: new Date(certificate.valid_until * 1000) } }
      : {}),
  };
}
