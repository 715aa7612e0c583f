export { broadcast } from "./broadcast.ts";
export { create } from "./create.ts";
export { closeExpired, isOpen, openBreakout } from "./current.ts";
export { leaveRoom, move } from "./move.ts";
export { type BreakoutPool, pool, withGrades } from "./pool.ts";
export { recall } from "./recall.ts";
export { requireGroup } from "./require-group.ts";
export { setTimer } from "./set-timer.ts";
export {
  type GradedStudent,
  manualSplit,
  mixedByGradeSplit,
  randomSplit,
  roundRobinSplit,
  type Split,
  type SplitStudent,
  seededRandom,
} from "./split.ts";
export { type BreakoutBroadcast, type BreakoutGroupView, type BreakoutPerson, type BreakoutsState, readState, state } from "./state.ts";
export { scheduleTimer, timerRanOut } from "./timer.ts";
