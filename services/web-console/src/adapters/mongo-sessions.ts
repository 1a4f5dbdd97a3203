import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { ConsoleUser } from '../domain/scope.js';
import { notSignedIn, sessionExpired, type Session, type SessionStore } from '../application/sessions.js';

interface SessionDocument {
  /** sha256 of the cookie's id: the database never holds an id a reader could sign in with. */
  _id: string;
  user: ConsoleUser;
  /** The bearer token, AES-256-GCM under a key derived from the cookie's id (iv · tag · ciphertext). */
  sealedToken: string;
  expiresAt: Date;
  createdAt: Date;
}

const SWEEP_EVERY_MS = 10 * 60_000;

function digest(purpose: string, id: string): Buffer {
  return createHash('sha256').update(purpose).update('\0').update(id).digest();
}

/** A session's `_id`: the hash of the cookie's id. */
const keyOf = (id: string) => digest('lesp-console-session', id).toString('hex');

function seal(token: string, id: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', digest('lesp-console-token-key', id), iv);
  const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
}

function unseal(value: string, id: string): string {
  const raw = Buffer.from(value, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', digest('lesp-console-token-key', id), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/**
 * Sessions in the console's own database (`console_sessions`), so a restart or a second replica
 * keeps everyone signed in. Every lookup is by `_id` (the hash of the cookie's id): the one filter
 * FerretDB serves from an index. FerretDB has no TTL index, so expiry is checked on read, and
 * expired documents are swept now and then when a session is created.
 */
export class MongoSessionStore implements SessionStore {
  private readonly sessions: Collection<SessionDocument>;
  private lastSweep = 0;

  constructor(
    db: Db,
    private readonly clock: () => number = Date.now,
  ) {
    this.sessions = db.collection<SessionDocument>('console_sessions');
  }

  async create(user: ConsoleUser, token: string, expiresAt: number): Promise<Session> {
    await this.sweep();
    const id = randomBytes(32).toString('base64url');
    await this.sessions.insertOne({
      _id: keyOf(id),
      user,
      sealedToken: seal(token, id),
      expiresAt: new Date(expiresAt),
      createdAt: new Date(this.clock()),
    });
    return { id, user, token, expiresAt };
  }

  async get(id: string | undefined): Promise<Session> {
    if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) throw notSignedIn();
    const key = keyOf(id);
    const doc = await this.sessions.findOne({ _id: key });
    if (!doc) throw notSignedIn();
    if (doc.expiresAt.getTime() <= this.clock()) {
      await this.sessions.deleteOne({ _id: key });
      throw sessionExpired();
    }
    return { id, user: doc.user, token: unseal(doc.sealedToken, id), expiresAt: doc.expiresAt.getTime() };
  }

  async revoke(id: string | undefined): Promise<void> {
    if (id) await this.sessions.deleteOne({ _id: keyOf(id) });
  }

  /** Expired sessions out, at most every ten minutes (a scan on FerretDB, so not on every sign-in). */
  private async sweep(): Promise<void> {
    const now = this.clock();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    await this.sessions.deleteMany({ expiresAt: { $lte: new Date(now) } });
  }
}
