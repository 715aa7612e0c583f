import { createHash, randomBytes } from "node:crypto";

/** Keys look like `cc_j0_<43 base64url characters>` (256 random bits); only their sha256 is stored. */
export const apiKeyPrefix = "cc_j0_";
export const newApiKey = () => `${apiKeyPrefix}${randomBytes(32).toString("base64url")}`;
export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");
/** What a list shows of a key: enough to tell keys apart, never enough to use one. */
export const shownPrefix = (key: string) => key.slice(0, apiKeyPrefix.length + 6);
