import { createHash } from "node:crypto";

/** The session a verified credential names (what the API's context needs of it besides the user's role). */
export interface VerifiedSession {
  sessionId: string;
  userId: string;
  impersonatedBy: string | null;
}

/** A signed bearer token is under 100 characters; a browser's cookie header for this site a few hundred. */
const maxCredential = 2048;

/**
 * Credentials (a bearer token or a cookie header, exactly as sent) that better-auth has verified,
 * with the session each names, so that the next request with them need not ask better-auth
 * again: its signature check, its two queries and about 0.8 ms of the server's CPU.
 *
 * Only what cannot change is remembered: a credential names one session for good. Whether that
 * session still holds (not signed out, revoked, expired, its user not banned) and the user's role
 * now are read on every request, in one query (`readSessions`), so nothing goes stale: a revocation
 * or a role change counts from the next request, on every server. A credential better-auth did not
 * accept is never remembered. Entries go after `ttlMs` (better-auth then sees the session again and
 * may extend it) or, past `max`, the oldest first.
 *
 * Keys are digests of the credentials: a few bytes each whatever was sent (one session can be sent
 * in countless spellings: the case of "Bearer", percent-escapes, made-up cookies beside it), and no
 * token is held in memory. Credentials longer than `maxCredential` are not remembered at all.
 */
export class VerifiedCredentials {
  private readonly entries = new Map<string, VerifiedSession & { until: number }>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly max = 50_000,
  ) {}

  /** A credential's key (`kind` tells a bearer token from a cookie header), or null when it is too long to remember. */
  static key(kind: "bearer" | "cookie", credential: string): string | null {
    if (credential.length > maxCredential) return null;
    return createHash("sha256").update(kind).update("\0").update(credential).digest("base64url");
  }

  get(key: string): VerifiedSession | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return { sessionId: entry.sessionId, userId: entry.userId, impersonatedBy: entry.impersonatedBy };
  }

  remember(key: string, session: VerifiedSession) {
    this.entries.delete(key);
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { ...session, until: Date.now() + this.ttlMs });
  }

  forget(key: string) {
    this.entries.delete(key);
  }

  get size() {
    return this.entries.size;
  }
}
