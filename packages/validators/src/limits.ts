/** The most characters each text field takes. */
export const limits = {
  courseCode: 32,
  courseTitle: 200,
  courseDescription: 5000,
  courseTerm: 64,
  name: 100,
  bio: 1000,
  email: 254,
  passwordMin: 8,
  passwordMax: 128,
} as const;
