import { randomBytes } from "node:crypto";
import { type DbOrTx, user } from "@codeclass/db";
import { avatarFormats, avatarLimits } from "@codeclass/validators";
import { eq } from "drizzle-orm";
import sharp, { type Metadata } from "sharp";
import type { Actor } from "../actor.ts";
import { badRequest, notFound } from "../errors.ts";
import type { ObjectStorage } from "../storage/index.ts";
import { avatarKey, avatarUrl, avatarVersion } from "./avatar-key.ts";

const accepted = "a JPEG, PNG, WebP, GIF or AVIF picture";

/** The format read from the bytes themselves (the name and the declared type are never trusted). */
async function rasterFormat(bytes: Buffer): Promise<{ format: string; pixels: number }> {
  let meta: Metadata;
  try {
    // Only the header is read here, so no limit yet: the size is checked below, with the numbers in the message.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw badRequest(`this file is not a picture: send ${accepted}`, "avatar");
  }
  // sharp reads AVIF through libheif and calls it "heif"; HEIC (HEVC inside) is not accepted.
  const format = meta.format === "heif" ? (meta.compression === "av1" ? "avif" : "heic") : meta.format;
  if (!(avatarFormats as readonly string[]).includes(format))
    throw badRequest(
      `${format === "svg" ? "SVG drawings are" : `${format.toUpperCase()} files are`} not accepted: send ${accepted}`,
      "avatar",
    );
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels === 0) throw badRequest(`this picture has no size: send ${accepted}`, "avatar");
  if (pixels > avatarLimits.maxPixels)
    throw badRequest(
      `this picture is ${meta.width}×${meta.height} pixels; the limit is ${avatarLimits.maxPixels / 1_000_000} million pixels`,
      "avatar",
    );
  return { format, pixels };
}

/**
 * Sets the caller's avatar from an uploaded file: checked by content, then re-encoded as a
 * square WebP of `avatarLimits.side` pixels (the first frame of an animation), turned upright
 * by its EXIF orientation and stripped of all metadata (camera, place). The previous avatar is
 * removed once the new one is in place. Returns the new image URL.
 */
export async function setAvatar(db: DbOrTx, storage: ObjectStorage, actor: Actor, bytes: Buffer): Promise<{ image: string }> {
  if (bytes.length === 0) throw badRequest(`the file is empty: send ${accepted}`, "avatar");
  if (bytes.length > avatarLimits.maxBytes)
    throw badRequest(
      `the file is ${(bytes.length / 1024 / 1024).toFixed(1)} MiB; the limit is ${avatarLimits.maxBytes / 1024 / 1024} MiB`,
      "avatar",
    );
  await rasterFormat(bytes);
  let webp: Buffer;
  try {
    webp = await sharp(bytes, { limitInputPixels: avatarLimits.maxPixels, failOn: "error" })
      .rotate()
      .resize(avatarLimits.side, avatarLimits.side, { fit: "cover", position: "attention" })
      .webp({ quality: 82 })
      .toBuffer();
  } catch {
    throw badRequest(`this picture is damaged and cannot be read: send ${accepted}`, "avatar");
  }
  const version = `${Date.now().toString(36)}${randomBytes(4).toString("hex")}`;
  await storage.put(avatarKey(actor.id, version), webp, "image/webp");
  const image = avatarUrl(actor.id, version);
  let replaced: string | null;
  try {
    replaced = await swapAvatar(db, actor.id, image);
  } catch (err) {
    await storage.delete(avatarKey(actor.id, version)).catch(() => {});
    throw err;
  }
  const previous = avatarVersion(actor.id, replaced);
  if (previous) await storage.delete(avatarKey(actor.id, previous));
  return { image };
}

/**
 * Sets the user's image and returns the one it replaced, under the user row's lock: of two changes
 * at once, each removes what the other put in place before it, so no stored picture is left that no
 * account points to.
 */
export async function swapAvatar(db: DbOrTx, userId: string, image: string | null): Promise<string | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ image: user.image }).from(user).where(eq(user.id, userId)).for("update");
    if (!row) throw notFound("Your account no longer exists");
    await tx.update(user).set({ image, updatedAt: new Date() }).where(eq(user.id, userId));
    return row.image;
  });
}
