import { describe, expect, it } from 'vitest';
import { RateLimitedError } from '@lesp/core';
import { ClientRateLimit, peerAddress } from '../src/adapters/grpc/client-rate-limit.js';

describe('per-client limit of gRPC complaint filing', () => {
  it('lets a client file its limit per minute, refuses more until its window is over, and keeps clients apart', () => {
    let now = 1_000_000;
    const limit = new ClientRateLimit(2, () => now);
    limit.take('10.0.0.1');
    limit.take('10.0.0.1');
    expect(() => limit.take('10.0.0.1')).toThrow(RateLimitedError);
    expect(() => limit.take('10.0.0.1')).toThrow(/请 60 秒后再试/);
    limit.take('10.0.0.2');
    now += 59_999;
    expect(() => limit.take('10.0.0.1')).toThrow(/请 1 秒后再试/);
    now += 1;
    limit.take('10.0.0.1');
  });

  it('keys a peer by its address, not the connection port', () => {
    expect(peerAddress('ipv4:10.0.0.7:51234')).toBe('10.0.0.7');
    expect(peerAddress('ipv6:[::1]:5104')).toBe('[::1]');
    expect(peerAddress('ipv6:[2001:db8::1]:443')).toBe('[2001:db8::1]');
    expect(peerAddress('unix:/tmp/socket')).toBe('unix:/tmp/socket');
  });
});
