export { type WhiteboardAccess, whiteboardAccess } from "./access.ts";
export { loadWhiteboardDoc } from "./load-doc.ts";
export { notifyWhiteboard, whiteboardChannel } from "./notify.ts";
export { setStudents } from "./set-students.ts";
