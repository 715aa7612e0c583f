/**
 * The headers that say who a caller is, for better-auth's getSession: a bearer token when one is
 * given, alone; else the cookie. better-auth's bearer plugin ignores a token it cannot verify and
 * would let the cookie decide, so a page of another origin could send a junk token and ride on the
 * browser's cookie (issue 9). The API context and the collaboration socket both read sessions so.
 */
export function credentialHeaders(credentials: { authorization?: string | null; cookie?: string | null }): Headers {
  const headers = new Headers();
  if (credentials.authorization) headers.set("authorization", credentials.authorization);
  else if (credentials.cookie) headers.set("cookie", credentials.cookie);
  return headers;
}
