export { broadcast } from "./broadcast.ts";
export { create } from "./create.ts";
export { closeExpired, isOpen, openBreakout } from "./current.ts";
export { leaveRoom, move } from "./move.ts";
export { recall } from "./recall.ts";
export { requireGroup } from "./require-group.ts";
export { setTimer } from "./set-timer.ts";
export { manualSplit, randomSplit, roundRobinSplit, type Split, type SplitStudent, seededRandom } from "./split.ts";
export { type BreakoutBroadcast, type BreakoutGroupView, type BreakoutPerson, type BreakoutsState, readState, state } from "./state.ts";
