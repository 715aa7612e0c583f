import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { joinCodeAlphabet, joinCodeLength } from "@codeclass/validators";

/** A join code: `joinCodeLength` symbols of Crockford's base 32 from the system's CSPRNG (40 bits). */
export function newJoinCode(): string {
  let code = "";
  for (let i = 0; i < joinCodeLength; i++) code += joinCodeAlphabet[randomInt(joinCodeAlphabet.length)];
  return code;
}

/** An invitation link's token: 24 random bytes, base64url (32 characters, 192 bits). */
export const newInviteToken = () => randomBytes(24).toString("base64url");

/** What the database indexes a secret by (the secret itself is never a lookup key, so no index timing tells a prefix). */
export const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** Equal secrets, compared in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
