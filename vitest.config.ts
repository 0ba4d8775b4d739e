import { defineConfig } from "vitest/config";

// Two projects: fast unit tests, and integration tests that each get a fresh database (embedded PGlite
// by default, or a real Postgres when TEST_DATABASE_URL is set; see test/support/test-database.ts).
export default defineConfig({
  test: {
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{core,app,bots,lti}/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["{core,app,bots,lti}/**/*.int.test.ts", "test/**/*.int.test.ts"],
          exclude: ["**/node_modules/**"],
          globalSetup: ["test/support/global-setup.ts"],
        },
      },
    ],
  },
});
