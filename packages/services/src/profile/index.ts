export { get } from "./get.ts";
export { setGlobalRole } from "./set-global-role.ts";
export { updateProfile } from "./update-profile.ts";
