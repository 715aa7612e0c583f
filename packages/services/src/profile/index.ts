export { avatarKey, avatarUrl, avatarVersion } from "./avatar-key.ts";
export { dashboard } from "./dashboard.ts";
export { deleteAvatar } from "./delete-avatar.ts";
export { get } from "./get.ts";
export { history } from "./history.ts";
export { readAvatar } from "./read-avatar.ts";
export { setAvatar } from "./set-avatar.ts";
export { setGlobalRole } from "./set-global-role.ts";
export { updateProfile } from "./update-profile.ts";
