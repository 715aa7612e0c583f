import { z } from "zod";
import { dataDir } from "./paths.ts";

/**
 * The settings that choose the database, shared by every process that opens it (the server, the
 * standalone worker, the CLI): their env modules extend this schema, and `databaseEnv` hands
 * the checked values to `resolveDatabase`.
 */
export const databaseEnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: "DATABASE_URL must start with postgres://" })
    .optional(),
  DATA_DIR: z.string().optional(),
  EMBEDDED_PG_DIR: z.string().optional(),
  EMBEDDED_PG_PORT: z.coerce.number({ error: "EMBEDDED_PG_PORT must be a number" }).int().min(1).max(65535).optional(),
  /** Read by createDb (client.ts): "false" sends statements unnamed, for transaction poolers. */
  DATABASE_PREPARE: z.enum(["true", "false"], { error: "DATABASE_PREPARE must be true or false" }).optional(),
});

/**
 * The variables resolveDatabase reads, from checked settings. `dataDir` is the caller's resolved
 * data directory (its env module's); without it, DATA_DIR or the default.
 */
export function databaseEnv(env: z.infer<typeof databaseEnvSchema> & { dataDir?: string }): NodeJS.ProcessEnv {
  return {
    DATABASE_URL: env.DATABASE_URL,
    DATA_DIR: env.dataDir ?? env.DATA_DIR ?? dataDir(process.env),
    EMBEDDED_PG_DIR: env.EMBEDDED_PG_DIR,
    EMBEDDED_PG_PORT: env.EMBEDDED_PG_PORT?.toString(),
  };
}
