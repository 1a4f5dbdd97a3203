import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK, type CryptoKey } from 'jose';
import type { LespClaims, TrustedIssuer } from './token-verifier.js';

export const DEV_ISSUER = 'lesp-dev-issuer';
export const DEV_AUDIENCE = 'lesp';

export interface DevTokenRequest {
  readonly subject: string;
  readonly role: string;
  readonly countyCode?: string;
  readonly agencyId?: string;
  readonly regionCode?: string;
  readonly agreementCounties?: readonly string[];
  /** For supervisors: certificate number and validity (default: one year from now). */
  readonly supervisionCertificate?: { readonly number: string; readonly validUntil: Date } | null;
  readonly ttlSeconds?: number;
}

/**
 * A small issuer for development and tests: an ES256 key pair kept in a folder (private
 * key never leaves it), a JWKS file the services trust, and token minting. Production
 * configuration refuses it (see `assertIssuersAllowed`).
 */
export class DevIssuer {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicJwk: JWK,
    readonly jwksFile: string,
  ) {}

  /** Loads the key pair from `dir`, creating it on first use. */
  static async inFolder(dir: string): Promise<DevIssuer> {
    const privateFile = join(dir, 'private.jwk.json');
    const jwksFile = join(dir, 'jwks.json');
    if (!existsSync(privateFile)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
      const kid = `dev-${Date.now().toString(36)}`;
      writeFileSync(privateFile, JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: 'ES256' }), { mode: 0o600 });
      writeFileSync(
        jwksFile,
        JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] } satisfies JSONWebKeySet),
      );
    }
    const privateJwk = JSON.parse(readFileSync(privateFile, 'utf8')) as JWK;
    const jwks = JSON.parse(readFileSync(jwksFile, 'utf8')) as JSONWebKeySet;
    return new DevIssuer((await importJWK(privateJwk, 'ES256')) as CryptoKey, jwks.keys[0]!, jwksFile);
  }

  get trustedIssuer(): TrustedIssuer {
    return DevIssuer.trustedIssuerIn(dirname(this.jwksFile));
  }

  /** What a service trusts: only the public key set, which must already exist (made by the start or test command). */
  static trustedIssuerIn(dir: string): TrustedIssuer {
    const jwksFile = join(dir, 'jwks.json');
    if (!existsSync(jwksFile))
      throw new Error(`development issuer keys not found: ${jwksFile} (run scripts/up.sh or create them with DevIssuer.inFolder)`);
    return { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, jwksFile };
  }

  async token(request: DevTokenRequest, now = new Date()): Promise<string> {
    const certificate =
      request.supervisionCertificate === undefined && request.role === 'county_supervisor'
        ? { number: `监督证-${request.countyCode ?? ''}-${request.subject}`, validUntil: new Date(now.getTime() + 365 * 86_400_000) }
        : request.supervisionCertificate;
    const claims: LespClaims = {
      lesp_role: request.role,
      ...(request.countyCode ? { lesp_county: request.countyCode } : {}),
      ...(request.agencyId ? { lesp_agency: request.agencyId } : {}),
      ...(request.regionCode ? { lesp_region: request.regionCode } : {}),
      ...(request.agreementCounties ? { lesp_agreement_counties: [...request.agreementCounties] } : {}),
      ...(certificate
        ? { lesp_supervision_cert: { no: certificate.number, valid_until: Math.floor(certificate.validUntil.getTime() / 1000) } }
        : {}),
    };
    const issuedAt = Math.floor(now.getTime() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: this.publicJwk.kid! })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setSubject(request.subject)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + (request.ttlSeconds ?? 3600))
      .sign(this.privateKey);
  }
}
