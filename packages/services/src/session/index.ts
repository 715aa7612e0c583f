export { create } from "./create.ts";
export { end } from "./end.ts";
export { get } from "./get.ts";
export { list } from "./list.ts";
export { markEnded } from "./mark-ended.ts";
export { type PublicSession, publicSession, type SessionRow } from "./public-session.ts";
export { requireSession, type SessionAccess } from "./require-session.ts";
export { start } from "./start.ts";
export { update } from "./update.ts";
