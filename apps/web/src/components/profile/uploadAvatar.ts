import { avatarLimits } from "@codeclass/validators";

/** What the avatar routes answer: the new image URL, or a code and a message to show. */
interface AvatarAnswer {
  image?: string | null;
  code?: string;
  message?: string;
}

export const avatarMaxMiB = avatarLimits.maxBytes / 1024 / 1024;

/** Why this file cannot be sent, found before uploading it (the server checks the content again). */
export function avatarFileProblem(file: File): string | null {
  if (file.size > avatarLimits.maxBytes)
    return `This file is ${(file.size / 1024 / 1024).toFixed(1)} MiB; the limit is ${avatarMaxMiB} MiB. Choose a smaller picture.`;
  if (file.size === 0) return "This file is empty. Choose a picture.";
  return null;
}

/**
 * Sends the picture as the request body to POST /api/avatar. XMLHttpRequest rather than fetch,
 * for its upload progress events (`onProgress` gets 0 to 100). Resolves to the new image URL.
 */
export function uploadAvatar(file: File, onProgress: (percent: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/avatar");
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new Error("The upload did not reach the server. Check your connection and try again."));
    xhr.onload = () => {
      let answer: AvatarAnswer = {};
      try {
        answer = JSON.parse(xhr.responseText) as AvatarAnswer;
      } catch {
        // A proxy's HTML error page: the status says enough.
      }
      if (xhr.status === 200 && answer.image) return resolve(answer.image);
      if (xhr.status === 413) return reject(new Error(`The picture is too large: the limit is ${avatarMaxMiB} MiB. Choose a smaller one.`));
      reject(new Error(cleanMessage(answer.message) ?? `The upload failed (HTTP ${xhr.status}). Please try again.`));
    };
    xhr.send(file);
  });
}

/** Removes the caller's avatar (DELETE /api/avatar). */
export async function deleteAvatar(): Promise<void> {
  const res = await fetch("/api/avatar", { method: "DELETE" });
  if (!res.ok) {
    const answer = (await res.json().catch(() => ({}))) as AvatarAnswer;
    throw new Error(cleanMessage(answer.message) ?? `Could not remove the picture (HTTP ${res.status}). Please try again.`);
  }
}

/** The server names the field ("avatar: this file is not a picture …"); the page shows it under the picture. */
function cleanMessage(message: string | undefined): string | null {
  if (!message) return null;
  const text = message.replace(/^avatar:\s*/, "");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
