/**
 * An uploaded avatar is stored under `avatars/<user id>/<version>.webp` and the user row's
 * `image` holds its URL, `/api/avatar/<user id>?v=<version>`: a new upload gets a new version,
 * so browsers may keep each URL for ever. An `image` of another shape (an OAuth provider's
 * picture) is not ours to serve or delete.
 */
export const avatarKey = (userId: string, version: string) => `avatars/${userId}/${version}.webp`;

export const avatarUrl = (userId: string, version: string) => `/api/avatar/${encodeURIComponent(userId)}?v=${version}`;

/** The version of our avatar in a user row's `image`, or null when it holds none of ours. */
export function avatarVersion(userId: string, image: string | null): string | null {
  if (!image) return null;
  const prefix = `/api/avatar/${encodeURIComponent(userId)}?v=`;
  if (!image.startsWith(prefix)) return null;
  const version = image.slice(prefix.length);
  return /^[a-z0-9]{1,32}$/.test(version) ? version : null;
}
