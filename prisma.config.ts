// Used only by the Prisma CLI (generate, migrate dev) when developers change the schema. The app
// applies migrations itself at start (core/src/db/migrate.ts) and never needs the CLI.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "pglite:memory" },
});
