import { RateLimitedError } from '@lesp/core';

/**
 * A fixed one-minute window per client address, in this process (as the HTTP routes' limiter
 * keeps its counts): gRPC has no per-route limiter of its own, and filing a complaint must be
 * throttled whichever edge it comes through.
 */
export class ClientRateLimit {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one call of `client`; throws RATE_LIMITED past the limit of its window. */
  take(client: string): void {
    const now = this.now();
    if (this.windows.size > 10_000) this.forgetEnded(now);
    const window = this.windows.get(client);
    if (!window || now - window.startedAt >= 60_000) {
      this.windows.set(client, { startedAt: now, count: 1 });
      return;
    }
    window.count += 1;
    if (window.count > this.perMinute) {
      const seconds = Math.ceil((window.startedAt + 60_000 - now) / 1000);
      throw new RateLimitedError('RATE_LIMITED', `请求过于频繁，请 ${seconds} 秒后再试`);
    }
  }

  private forgetEnded(now: number): void {
    for (const [client, window] of this.windows) if (now - window.startedAt >= 60_000) this.windows.delete(client);
  }
}

/** The client's address of a gRPC peer ("ipv4:10.0.0.7:51234", "ipv6:[::1]:5104"): the port changes with each connection. */
export function peerAddress(peer: string): string {
  const address = peer.replace(/^ipv[46]:/, '');
  if (address.startsWith('[')) return address.slice(0, address.indexOf(']') + 1) || address;
  const colon = address.lastIndexOf(':');
  return colon > 0 && /^[0-9]+$/.test(address.slice(colon + 1)) ? address.slice(0, colon) : address;
}
