export { launch } from "./launch.ts";
export { bankListLimit, list } from "./list.ts";
export { remove } from "./remove.ts";
export type { BankQuestion } from "./require-question.ts";
export { save } from "./save.ts";
export { update } from "./update.ts";
