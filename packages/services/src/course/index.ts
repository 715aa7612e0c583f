export { archive } from "./archive.ts";
export { create } from "./create.ts";
export { get } from "./get.ts";
export { listMine } from "./list-mine.ts";
export { type Course, publicCourse } from "./public-course.ts";
export { update } from "./update.ts";
