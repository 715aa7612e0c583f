/** What `testAuth` signs with (makeSession signs its tokens with it, as better-auth does). */
export const testAuthSecret = "test-secret-test-secret-test-secret-0123";
