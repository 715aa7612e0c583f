import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";

/**
 * What an admin acting as another user (impersonation) may not do as them: see or end their
 * sessions (the list carries session tokens, which would let the admin act as them later, unaudited),
 * read their linked accounts' provider tokens, check guesses at their password, or change how they
 * sign in (password, email, second factor, linked accounts, the account itself).
 */
export const ownerOnlyPaths = new Set([
  "/list-sessions",
  "/revoke-session",
  "/revoke-sessions",
  "/revoke-other-sessions",
  "/change-password",
  "/set-password",
  "/verify-password",
  "/change-email",
  "/delete-user",
  "/list-accounts",
  "/account-info",
  "/get-access-token",
  "/refresh-token",
  "/link-social",
  "/unlink-account",
  "/two-factor/enable",
  "/two-factor/disable",
  "/two-factor/get-totp-uri",
  "/two-factor/generate-backup-codes",
  "/two-factor/view-backup-codes",
]);

/**
 * Refuses `ownerOnlyPaths` inside an impersonated session (403, saying how to go on), whichever
 * way the session comes: the cookie, or a bearer token (which the bearer plugin turns into the
 * cookie only for the endpoint, after the hooks: so both are looked up here).
 */
export function impersonationGuard(): BetterAuthPlugin {
  return {
    id: "codeclass-impersonation-guard",
    hooks: {
      before: [
        {
          matcher: (ctx) => Boolean(ctx.path && ownerOnlyPaths.has(ctx.path)),
          handler: createAuthMiddleware(async (ctx) => {
            const tokens = new Set<string>();
            const fromCookie = await ctx.getSignedCookie(ctx.context.authCookies.sessionToken.name, ctx.context.secret).catch(() => null);
            if (fromCookie) tokens.add(fromCookie);
            const authorization = ctx.request?.headers.get("authorization") ?? ctx.headers?.get("authorization") ?? "";
            if (/^bearer\s/i.test(authorization)) {
              let value = authorization.slice(7).trim();
              try {
                value = decodeURIComponent(value);
              } catch {}
              // Looked up unverified: this can only refuse; the endpoint checks the signature itself.
              const token = value.split(".")[0];
              if (token) tokens.add(token);
            }
            for (const token of tokens) {
              const found = await ctx.context.internalAdapter.findSession(token);
              if (!found?.session.impersonatedBy) continue;
              throw new APIError("FORBIDDEN", {
                code: "NOT_WHILE_IMPERSONATING",
                message:
                  "While acting as another user you cannot see or end their sessions or change how they sign in: stop acting as them first.",
              });
            }
          }),
        },
      ],
    },
  };
}
