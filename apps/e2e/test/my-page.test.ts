import { crc32, deflateSync } from "node:zlib";
import { expect, test } from "vitest";
import { shot, useClassroom } from "../src/fixtures.ts";
import { cli } from "../src/server.ts";

const classroom = useClassroom();

/** What the test reads of an <img> in the page (this package compiles without the DOM's types). */
type LoadedImage = { complete: boolean; naturalWidth: number };

/** A `width`×`height` PNG of one colour, built by hand (chunks with their CRCs). */
function solidPng(width: number, height: number, rgb: [number, number, number]) {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([
    Buffer.from("89504e470d0a1a0a", "hex"),
    chunk("IHDR", header),
    chunk("IDAT", pixels),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

test("my page: upload a picture and see it on the profile and in the user menu; an SVG is refused with a reason; remove it again", async (ctx) => {
  const page = await (await classroom.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  ctx.onTestFailed(async () => {
    await shot(page, "my-page-failure").catch(() => {});
    console.log(classroom.server.logs().slice(-3000));
  });
  const stamp = Date.now().toString(36);
  const email = `ada-${stamp}@school.test`;
  const password = "ada-password-1";
  await cli(classroom.server.env, "user:create", "--email", email, "--name", "Ada Lovelace", "--role", "student", "--password", password);
  await classroom.signIn(page, email, password);

  await page.getByRole("button", { name: "Ada Lovelace, account menu" }).click();
  await page.getByRole("menuitem", { name: "My page" }).click();
  await page.getByRole("heading", { name: "My page", level: 1 }).waitFor();
  await page.getByText("You are not enrolled as a student in any course.").waitFor();
  await page.getByRole("tab", { name: "Learning history" }).click();
  await page.getByText("No runs yet").waitFor();
  expect(page.url()).toMatch(/\/me\?tab=history$/);

  await page.getByRole("link", { name: "Edit profile and security" }).click();
  await page.getByRole("heading", { name: "Profile", level: 1 }).waitFor();
  const input = page.locator('input[type="file"]');
  await input.setInputFiles({ name: "me.png", mimeType: "image/png", buffer: solidPng(640, 480, [200, 30, 30]) });
  await page.getByText("Your picture is saved.").waitFor();
  const picture = page.getByRole("img", { name: "Ada Lovelace's picture" });
  await picture.waitFor();
  expect(await picture.getAttribute("src")).toMatch(/^\/api\/avatar\/[\w-]+\?v=[a-z0-9]+$/);
  // Loaded from the server: decoded as the 256-pixel square it was re-encoded to.
  await expect
    .poll(() => picture.evaluate((img) => (img as unknown as LoadedImage).complete && (img as unknown as LoadedImage).naturalWidth), {
      timeout: 15_000,
    })
    .toBe(256);
  const menuPicture = page.locator(`header img[src="${await picture.getAttribute("src")}"]`);
  await expect.poll(() => menuPicture.evaluate((img) => (img as unknown as LoadedImage).naturalWidth), { timeout: 15_000 }).toBe(256);

  await input.setInputFiles({
    name: "drawing.png",
    mimeType: "image/png",
    buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'),
  });
  await page.getByRole("alert").filter({ hasText: "SVG drawings are not accepted" }).waitFor();

  await page.getByText("This device").waitFor();

  await page.getByRole("button", { name: "Remove picture" }).click();
  await page.getByText("Your picture is removed.").waitFor();
  await expect.poll(() => page.getByRole("img", { name: "Ada Lovelace's picture" }).count()).toBe(0);
}, 240_000);
