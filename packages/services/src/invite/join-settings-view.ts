import { courseJoinSecrets, type DbOrTx } from "@codeclass/db";
import { formatJoinCode, type JoinKind } from "@codeclass/validators";
import { eq } from "drizzle-orm";

type SecretRow = typeof courseJoinSecrets.$inferSelect;

/** One way in, as the course's staff see it. */
export interface JoinSecretView {
  kind: JoinKind;
  /** The code as people type it ("ABCD-EFGH"), or the link's token. */
  secret: string;
  /** The link to hand out (link only). */
  url: string | null;
  enabled: boolean;
  expiresAt: Date | null;
  /** Enabled and not expired: joining works now. */
  active: boolean;
  role: "student" | "ta";
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface JoinSettings {
  courseId: string;
  /** null: never enabled nor generated yet. */
  code: JoinSecretView | null;
  link: JoinSecretView | null;
}

/** The invitation link for a token; the web app's /join/:token page joins with it. */
export const joinUrl = (publicUrl: string, token: string) => `${publicUrl.replace(/\/+$/, "")}/join/${token}`;

function view(row: SecretRow, publicUrl: string): JoinSecretView {
  return {
    kind: row.kind,
    secret: row.kind === "code" ? formatJoinCode(row.secret) : row.secret,
    url: row.kind === "link" ? joinUrl(publicUrl, row.secret) : null,
    enabled: row.enabled,
    expiresAt: row.expiresAt,
    active: row.enabled && (row.expiresAt === null || row.expiresAt.getTime() > Date.now()),
    role: row.role === "ta" ? "ta" : "student",
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The course's join code and link as stored (call after the access check). */
export async function readJoinSettings(db: DbOrTx, courseId: string, publicUrl: string): Promise<JoinSettings> {
  const rows = await db.select().from(courseJoinSecrets).where(eq(courseJoinSecrets.courseId, courseId));
  const of = (kind: JoinKind) => {
    const row = rows.find((r) => r.kind === kind);
    return row ? view(row, publicUrl) : null;
  };
  return { courseId, code: of("code"), link: of("link") };
}
