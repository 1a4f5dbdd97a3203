/** Global order key of one commit: recordedAt, then stream id, then first version. */
export interface CommitKey {
  readonly recordedAt: Date;
  readonly streamId: string;
  readonly firstVersion: number;
}

export function encodePosition(key: CommitKey): string {
  return Buffer.from(JSON.stringify([key.recordedAt.getTime(), key.streamId, key.firstVersion])).toString('base64url');
}

export function decodePosition(position: string): CommitKey {
  const parsed: unknown = JSON.parse(Buffer.from(position, 'base64url').toString('utf8'));
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'number' || typeof parsed[1] !== 'string' || typeof parsed[2] !== 'number') {
    throw new Error('malformed read position');
  }
  return { recordedAt: new Date(parsed[0]), streamId: parsed[1], firstVersion: parsed[2] };
}

export function compareCommitKeys(a: CommitKey, b: CommitKey): number {
  return (
    a.recordedAt.getTime() - b.recordedAt.getTime() ||
    (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0) ||
    a.firstVersion - b.firstVersion
  );
}

/** recordedAt for a new append: now, but never before the stream's previous event. */
export function recordedAtFor(now: Date, notBefore: Date | undefined): Date {
  return notBefore && notBefore.getTime() > now.getTime() ? new Date(notBefore.getTime()) : now;
}
