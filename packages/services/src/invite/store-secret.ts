import { courseJoinSecrets, type Tx } from "@codeclass/db";
import type { JoinKind } from "@codeclass/validators";
import { eq } from "drizzle-orm";
import { hashSecret, newInviteToken, newJoinCode } from "./secrets.ts";

/** A fresh secret of the kind that no course uses (a 40-bit code could, in theory, repeat). */
export async function freshSecret(tx: Tx, kind: JoinKind): Promise<{ secret: string; secretHash: string }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const secret = kind === "code" ? newJoinCode() : newInviteToken();
    const secretHash = hashSecret(secret);
    const [taken] = await tx
      .select({ one: courseJoinSecrets.courseId })
      .from(courseJoinSecrets)
      .where(eq(courseJoinSecrets.secretHash, secretHash));
    if (!taken) return { secret, secretHash };
  }
  throw new Error("no unused join secret after 5 draws");
}
