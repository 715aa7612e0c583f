import type { Page } from "playwright-core";

/** Draws a rectangle with Excalidraw's "r" tool by dragging across the canvas. */
export async function drawRectangle(page: Page, at: { x: number; y: number }) {
  const canvas = page.locator(".excalidraw canvas.interactive");
  await canvas.waitFor();
  const box = (await canvas.boundingBox())!;
  await canvas.click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("r");
  await page.mouse.move(box.x + at.x, box.y + at.y);
  await page.mouse.down();
  await page.mouse.move(box.x + at.x + 80, box.y + at.y + 60, { steps: 5 });
  await page.mouse.up();
}
