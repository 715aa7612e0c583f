export { accept } from "./accept.ts";
export { cancel } from "./cancel.ts";
export { end } from "./end.ts";
export { join } from "./join.ts";
export { notifyOfficeHours, officeHoursChannel } from "./notify.ts";
export { type OfficeHoursState, queue, stateOf } from "./queue.ts";
export { request } from "./request.ts";
export { officeHoursRoom } from "./room.ts";
export type { OfficeHourRequest } from "./view.ts";
