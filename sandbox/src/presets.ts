import { constantArguments } from "./languages.ts";
import { shellPresets } from "./shell.ts";

/**
 * The languages' long constant arguments (Python's check-and-run script), held by a sandbox's
 * reading shell from its start and named in its command lines instead of sent (see shellPresets).
 */
export const argumentPresets = shellPresets(constantArguments);
