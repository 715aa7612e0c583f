export { type ApiKeyCaller, authenticate } from "./authenticate.ts";
export { create } from "./create.ts";
export { apiKeyPrefix, hashApiKey } from "./hash.ts";
export { list } from "./list.ts";
export { revoke } from "./revoke.ts";
