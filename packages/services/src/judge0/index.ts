export { queueDepth } from "./queue-depth.ts";
export { type Judge0Row, read } from "./read.ts";
export { type Judge0Submit, submit } from "./submit.ts";
