import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { credentials, type Server } from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { publicDisclosureV1 } from '@lesp/contracts';
import { UnavailableError } from '@lesp/core';
import { callUnary, channelCredentials, startGrpcServer, stopGrpcServer, type GrpcTlsFiles } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'lesp-mtls-'));
const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => stopGrpcServer(s, 1000)));
  rmSync(dir, { recursive: true, force: true });
});

/** A throwaway CA with one server and two client certificates, made with openssl. */
function makePki(): { server: GrpcTlsFiles; client: GrpcTlsFiles; stranger: GrpcTlsFiles } {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=lesp-test-ca',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
  );
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=other-ca',
    '-keyout',
    'other-ca.key',
    '-out',
    'other-ca.crt',
  );
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  const issue = (name: string, ca: string, ext?: string) => {
    openssl(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
    );
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${ca}.crt`,
      '-CAkey',
      `${ca}.key`,
      '-CAcreateserial',
      '-days',
      '1',
      '-out',
      `${name}.crt`,
      ...(ext ? ['-extfile', ext] : []),
    );
  };
  issue('server', 'ca', 'server.ext');
  issue('supervision', 'ca');
  issue('stranger', 'other-ca');
  const files = (name: string, ca = 'ca'): GrpcTlsFiles => ({
    caFile: join(dir, `${ca}.crt`),
    certFile: join(dir, `${name}.crt`),
    keyFile: join(dir, `${name}.key`),
  });
  return { server: files('server'), client: files('supervision'), stranger: files('stranger') };
}

describe('gRPC between services over mutual TLS', () => {
  it('answers a client with a certificate from the deployment CA and refuses others', async () => {
    const pki = makePki();
    // One method is enough to prove the channel; grpc-js answers UNIMPLEMENTED for the others.
    const implementation: Pick<publicDisclosureV1.PublicDisclosureServiceServer, 'listPublicAgencies'> = {
      listPublicAgencies: (_call, callback) => callback(null, { agencies: [], page: { nextCursor: 'ok-over-mtls' } }),
    };
    const { server, port } = await startGrpcServer(
      '127.0.0.1',
      0,
      [{ definition: publicDisclosureV1.PublicDisclosureServiceService, implementation }],
      pki.server,
    );
    servers.push(server);
    const address = `127.0.0.1:${port}`;
    const call = (creds: ReturnType<typeof credentials.createInsecure>) => {
      const client = new publicDisclosureV1.PublicDisclosureServiceClient(address, creds);
      return callUnary(client, client.listPublicAgencies, { countyCode: '431103', page: undefined }, { deadlineMs: 3000 }).finally(() =>
        client.close(),
      );
    };

    expect((await call(channelCredentials(pki.client))).page?.nextCursor).toBe('ok-over-mtls');
    // No client certificate, a certificate from another CA, or no TLS at all: no answer.
    await expect(call(credentials.createSsl(readFileSync(pki.server.caFile)))).rejects.toBeInstanceOf(UnavailableError);
    await expect(
      call(credentials.createSsl(readFileSync(pki.server.caFile), readFileSync(pki.stranger.keyFile), readFileSync(pki.stranger.certFile))),
    ).rejects.toBeInstanceOf(UnavailableError);
    await expect(call(credentials.createInsecure())).rejects.toBeInstanceOf(UnavailableError);
  });
});
