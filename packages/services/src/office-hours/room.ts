/** The LiveKit room of an office-hours call (not a session's: the webhook's session lookup ignores it). */
export const officeHoursRoom = (requestId: string) => `office-hours-${requestId}`;
