export { AccessToken, EgressClient, RoomServiceClient, TokenVerifier, TrackSource, WebhookReceiver } from "livekit-server-sdk";
export { attendance, minutesPresent } from "./attendance.ts";
export {
  type LiveKitConfig,
  liveKitEnvSchema,
  liveKitFromEnv,
  type RecordingStorage,
  recordingNotConfiguredMessage,
  requireVideo,
  videoNotConfiguredMessage,
} from "./config.ts";
export { mediaPermission, videoGrant } from "./grants.ts";
export { join } from "./join.ts";
export { mute } from "./mute.ts";
export type { Recording } from "./public-recording.ts";
export { recordings } from "./recordings.ts";
export { readmit, remove, removed } from "./remove.ts";
export { renew } from "./renew.ts";
export { breakoutRoomName, type ParticipantMetadata, roomName, roomService, unlessMissing } from "./room.ts";
export { setScreenShare } from "./set-screen-share.ts";
export { setStudentMedia } from "./set-student-media.ts";
export { startRecording } from "./start-recording.ts";
export { stopRecording } from "./stop-recording.ts";
export { newIdentity, signToken, tokenTtlSeconds } from "./token.ts";
export { receiveWebhook, WebhookRefused, webhookMaxAgeMs } from "./webhook.ts";
