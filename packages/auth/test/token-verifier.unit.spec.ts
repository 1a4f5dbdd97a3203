import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, generateKeyPair, exportJWK } from 'jose';
import { UnauthenticatedError } from '@lesp/core';
import { DEV_AUDIENCE, DEV_ISSUER, DevIssuer, TokenVerifier } from '../src/index.js';

let dir: string;
let issuer: DevIssuer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lesp-issuer-'));
  issuer = await DevIssuer.inFolder(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UnauthenticatedError);
    return (error as UnauthenticatedError).code;
  }
  throw new Error('expected the token to be refused');
}

describe('bearer token verification', () => {
  it('turns a valid token into a principal with role, county, agency and certificate', async () => {
    const verifier = new TokenVerifier([issuer.trustedIssuer]);
    const token = await issuer.token({ subject: 'u-42', role: 'agency_clerk', countyCode: '431103', agencyId: 'demo-1' });
    expect(await verifier.verify(token)).toEqual({
      kind: 'user',
      subject: 'u-42',
      issuer: DEV_ISSUER,
      role: 'agency_clerk',
      countyCode: '431103',
      agencyId: 'demo-1',
    });
    const supervisor = await verifier.verify(await issuer.token({ subject: 's', role: 'county_supervisor', countyCode: '431103' }));
    expect(supervisor.supervisionCertificate?.validUntil.getTime()).toBeGreaterThan(Date.now());
  });

  it('refuses expired, tampered, foreign and malformed tokens with distinct codes', async () => {
    const verifier = new TokenVerifier([issuer.trustedIssuer]);
    const expired = await issuer.token({ subject: 'u', role: 'operator' }, new Date(Date.now() - 3 * 3600_000));
    expect(await rejection(verifier.verify(expired))).toBe('TOKEN_EXPIRED');

    const good = await issuer.token({ subject: 'u', role: 'agency_clerk', countyCode: '431103', agencyId: 'a' });
    const [header, payload, signature] = good.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), lesp_county: '433124' }),
    ).toString('base64url');
    expect(await rejection(verifier.verify(`${header}.${forgedPayload}.${signature}`))).toBe('TOKEN_INVALID');

    const { privateKey } = await generateKeyPair('ES256');
    const foreignKey = await new SignJWT({ lesp_role: 'operator' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(privateKey);
    expect(await rejection(verifier.verify(foreignKey))).toBe('TOKEN_INVALID');

    const otherIssuer = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('https://idp.example')
      .setExpirationTime('1h')
      .sign(privateKey);
    expect(await rejection(verifier.verify(otherIssuer))).toBe('ISSUER_UNTRUSTED');
    expect(await rejection(verifier.verify('not.a.jwt'))).toBe('ISSUER_UNTRUSTED');
  });

  it('refuses tokens whose claims do not describe a usable role', async () => {
    const verifier = new TokenVerifier([issuer.trustedIssuer]);
    expect(await rejection(verifier.verify(await issuer.token({ subject: 'u', role: 'superuser' })))).toBe('CLAIMS_INVALID');
    expect(await rejection(verifier.verify(await issuer.token({ subject: 'u', role: 'agency_clerk', countyCode: '431103' })))).toBe(
      'CLAIMS_INVALID',
    );
    expect(await rejection(verifier.verify(await issuer.token({ subject: 'u', role: 'county_supervisor', countyCode: '4311' })))).toBe(
      'CLAIMS_INVALID',
    );
    expect(await rejection(verifier.verify(await issuer.token({ subject: 'u', role: 'regional_viewer', regionCode: '4' })))).toBe(
      'CLAIMS_INVALID',
    );
  });

  it("lets a county's own identity provider speak only for that county", async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
    const verifier = new TokenVerifier([
      { issuer: 'https://idp.lengshuitan.gov.cn', audience: 'lesp', jwks: { keys: [jwk] }, counties: ['431103'] },
    ]);
    const sign = (county: string) =>
      new SignJWT({ lesp_role: 'county_supervisor', lesp_county: county })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer('https://idp.lengshuitan.gov.cn')
        .setAudience('lesp')
        .setSubject('s')
        .setExpirationTime('1h')
        .sign(privateKey);
    expect((await verifier.verify(await sign('431103'))).countyCode).toBe('431103');
    expect(await rejection(verifier.verify(await sign('433124')))).toBe('ISSUER_NOT_FOR_COUNTY');
  });
});
