export { exportCsv } from "./export-csv.ts";
export {
  inactiveMinutes,
  type ParticipationWarning,
  participation,
  type SessionParticipation,
  type StudentParticipation,
} from "./participation.ts";
export { maxSpeakerCreditMs, reportSpeakers } from "./report-speakers.ts";
