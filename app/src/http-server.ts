import express, { type Express } from "express";
import { calendarFeedRouter } from "./calendar-feed-route.ts";
import type { FrontEndStatus } from "./front-ends.ts";
import type { Services } from "./services.ts";

/**
 * The one HTTP server every front end mounts on. `/healthz` answers 200 while the database answers,
 * 503 otherwise, so a load balancer takes a replica out of rotation when its database link breaks.
 */
export function createHttpApp(
  services: Services,
  frontEnds: FrontEndStatus[],
  options: { trustProxy: boolean | number | string[] } = { trustProxy: false },
): Express {
  const app = express();
  app.disable("x-powered-by");
  // Only the operator knows whether a reverse proxy is in front (TRUST_PROXY); trusting every
  // X-Forwarded-For would let any client choose the address that per-address limits count.
  app.set("trust proxy", options.trustProxy);
  app.get("/healthz", async (_req, res) => {
    try {
      await services.database.prisma.$queryRaw`SELECT 1`;
      res.json({
        status: "ok",
        database: services.database.kind,
        ai: services.ai.provider,
        frontEnds: Object.fromEntries(frontEnds.map((f) => [f.name.toLowerCase(), f.on ? "on" : "off"])),
      });
    } catch (error) {
      services.logger.error({ err: error }, "health check failed");
      res.status(503).json({ status: "unavailable" });
    }
  });
  // Study sessions' iCalendar feeds, which calendar apps poll by their secret URL.
  app.use(calendarFeedRouter(services));
  return app;
}
