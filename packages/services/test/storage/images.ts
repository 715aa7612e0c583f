import { crc32 } from "node:zlib";
import sharp from "sharp";

/** A red photo-sized PNG. */
export const makePng = () =>
  sharp({ create: { width: 800, height: 600, channels: 3, background: "#c00" } })
    .png()
    .toBuffer();

/** A tall JPEG carrying EXIF: a copyright line stands in for a camera's private data (GPS, serial). */
export const exifMarker = "private-camera-data";
export const makeJpeg = () =>
  sharp({ create: { width: 300, height: 900, channels: 3, background: "#08f" } })
    .jpeg()
    .withExif({ IFD0: { Copyright: exifMarker } })
    .toBuffer();

/** What a stored picture is, read from its bytes. */
export async function imageInfo(bytes: Buffer) {
  const meta = await sharp(bytes).metadata();
  return { format: meta.format, width: meta.width, height: meta.height, hasExif: meta.exif !== undefined };
}

/**
 * A small PNG whose header claims `side`×`side` pixels (a decompression bomb's shape): its IHDR
 * chunk is rewritten with a correct CRC, so only the pixel count is wrong.
 */
export async function makeHugePng(side = 20_000) {
  const bytes = Buffer.from(
    await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } })
      .png()
      .toBuffer(),
  );
  // Signature (8), IHDR length (4), "IHDR" (4), then width and height; the CRC covers type and data.
  bytes.writeUInt32BE(side, 16);
  bytes.writeUInt32BE(side, 20);
  bytes.writeUInt32BE(crc32(bytes.subarray(12, 29)), 29);
  return bytes;
}
