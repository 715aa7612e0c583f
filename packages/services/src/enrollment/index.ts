export { add } from "./add.ts";
export { remove } from "./remove.ts";
export { roster } from "./roster.ts";
export { type RosterEntry, selectRoster } from "./select-roster.ts";
export { setRole } from "./set-role.ts";
