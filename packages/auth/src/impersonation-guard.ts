import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";

/**
 * What an admin acting as another user (impersonation) may not do as them: see or end their
 * sessions (the list carries session tokens, which would let the admin act as them later, unaudited),
 * or change how they sign in (password, email, second factor, linked accounts, the account itself).
 */
export const ownerOnlyPaths = new Set([
  "/list-sessions",
  "/revoke-session",
  "/revoke-sessions",
  "/revoke-other-sessions",
  "/change-password",
  "/set-password",
  "/change-email",
  "/delete-user",
  "/list-accounts",
  "/link-social",
  "/unlink-account",
  "/two-factor/enable",
  "/two-factor/disable",
  "/two-factor/get-totp-uri",
  "/two-factor/generate-backup-codes",
  "/two-factor/view-backup-codes",
]);

/** Refuses `ownerOnlyPaths` inside an impersonated session (403, saying how to go on). */
export function impersonationGuard(): BetterAuthPlugin {
  return {
    id: "codeclass-impersonation-guard",
    hooks: {
      before: [
        {
          matcher: (ctx) => Boolean(ctx.path && ownerOnlyPaths.has(ctx.path)),
          handler: createAuthMiddleware(async (ctx) => {
            const current = await getSessionFromCtx(ctx).catch(() => null);
            if (!current?.session.impersonatedBy) return;
            throw new APIError("FORBIDDEN", {
              code: "NOT_WHILE_IMPERSONATING",
              message:
                "While acting as another user you cannot see or end their sessions or change how they sign in: stop acting as them first.",
            });
          }),
        },
      ],
    },
  };
}
