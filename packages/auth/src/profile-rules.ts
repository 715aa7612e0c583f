import { email, limits, personName, withField } from "@codeclass/validators";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import type { z } from "zod";

type Fields = { name?: unknown; email?: unknown };

/** Where each better-auth endpoint carries the profile fields it writes (or, for sign-in, reads). */
const fieldsOf: Record<string, (body: Record<string, unknown>) => Fields> = {
  "/sign-up/email": (b) => ({ name: b.name, email: b.email }),
  "/sign-in/email": (b) => ({ email: b.email }),
  "/update-user": (b) => ({ name: b.name }),
  "/request-password-reset": (b) => ({ email: b.email }),
  "/send-verification-email": (b) => ({ email: b.email }),
  "/admin/create-user": (b) => ({ name: b.name, email: b.email, ...dataFields(b.data) }),
  "/admin/update-user": (b) => dataFields(b.data),
};

function dataFields(data: unknown): Fields {
  if (!data || typeof data !== "object") return {};
  const d = data as Record<string, unknown>;
  return { ...("name" in d ? { name: d.name } : {}), ...("email" in d ? { email: d.email } : {}) };
}

/** What is wrong with one field's value, naming the field ("name is too long: …"), or null. */
function check(field: string, schema: z.ZodType, value: unknown): string | null {
  const result = schema.safeParse(value);
  return result.success ? null : result.error.issues.map((i) => withField(field, i.message)).join("; ");
}

/**
 * The app's profile rules (packages/validators: `personName`, `email`) on better-auth's own
 * endpoints, which otherwise take any string: a clear 400 naming the field and its limit.
 */
export function profileRules(): BetterAuthPlugin {
  return {
    id: "codeclass-profile-rules",
    hooks: {
      before: [
        {
          matcher: (ctx) => Boolean(ctx.path && ctx.path in fieldsOf),
          handler: createAuthMiddleware(async (ctx) => {
            const body = ctx.body && typeof ctx.body === "object" ? (ctx.body as Record<string, unknown>) : {};
            const fields = fieldsOf[ctx.path!]!(body);
            const problems = [
              "name" in fields && fields.name !== undefined ? check("name", personName, fields.name) : null,
              "email" in fields && fields.email !== undefined ? check("email", email, fields.email) : null,
            ].filter(Boolean);
            if (problems.length > 0) throw new APIError("BAD_REQUEST", { code: "INVALID_PROFILE_FIELD", message: problems.join("; ") });
            // The picture is set only by uploading one (POST /api/avatar, checked and re-encoded there):
            // an image URL given here would load from anywhere for everyone who sees the person's name.
            const asData = ctx.path.startsWith("/admin/") && body.data && typeof body.data === "object" ? body.data : body;
            if ("image" in asData && (asData as Record<string, unknown>).image !== undefined)
              throw new APIError("BAD_REQUEST", {
                code: "USE_AVATAR_UPLOAD",
                message: "image: upload a picture on the profile page (POST /api/avatar); a picture cannot be given as a URL",
              });
            // A role or ban set here would skip the platform's rules (never the last admin) and the audit log.
            const data = ctx.path === "/admin/update-user" && body.data && typeof body.data === "object" ? body.data : {};
            const guarded = ["role", "banned", "banReason", "banExpires"].filter((k) => k in data);
            if (guarded.length > 0)
              throw new APIError("BAD_REQUEST", {
                code: "USE_ADMIN_PROCEDURES",
                message: `${guarded.join(", ")}: change roles with admin.setRole and account status with admin.disable/enable`,
              });
          }),
        },
      ],
    },
  };
}

/**
 * The last line for names that arrive without passing an endpoint above (an OAuth provider's
 * profile): control characters become spaces and the name is cut to the limit, never refused.
 */
export function fitName(name: string): string {
  const clean = name.replace(/\p{Cc}+/gu, " ").trim();
  return (clean || "Unnamed").slice(0, limits.name);
}
