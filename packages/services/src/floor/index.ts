export { type FloorNotice, notifyFloor, parseFloorNotice, sessionFloorChannel } from "./notify.ts";
export { requireFloor } from "./require-floor.ts";
