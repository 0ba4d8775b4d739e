// `npm run bench [-- --only retrieval,ingestion,tutor,tutor-sealed,tutor-moderation,rss,slack,discord,lti-launch,lms-tutor,lti-ags,lti-nrps,clever-sync,oneroster,flashcards-due,review-slack,progress-card] [--sizes 10000,100000]
//   [--targets pglite,postgres]`. Postgres runs need BENCH_DATABASE_URL (an admin URL on a server with
// pgvector; each benchmark creates and drops its own database). Results go to bench/results/ as JSON.
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { benchTargets } from "./bench-database.ts";
import { benchIdleRss } from "./idle-rss.ts";
import { benchIngestion, makeBookPdf } from "./ingestion.ts";
import { benchRetrieval, type VectorKind } from "./retrieval.ts";
import { benchTutorOverhead } from "./tutor-overhead.ts";

const { values } = parseArgs({
  options: {
    only: { type: "string", default: "retrieval,ingestion,tutor,rss" },
    sizes: { type: "string", default: "10000,100000" },
    targets: { type: "string", default: "pglite,postgres" },
    vectors: { type: "string", default: "structured,hashed" },
  },
});
const only = new Set(values.only.split(","));
const sizes = values.sizes.split(",").map(Number);
const vectorKinds = values.vectors.split(",") as VectorKind[];
const log = (line: string) => process.stderr.write(`${line}\n`);

const targets = benchTargets(values.targets, log);

const results: Record<string, unknown[]> = {};
const record = (section: string, value: unknown) => {
  results[section] = [...(results[section] ?? []), value];
  console.log(JSON.stringify({ section, ...(value as object) }));
};

if (only.has("retrieval")) {
  for (const target of targets) {
    for (const size of sizes) {
      for (const kind of vectorKinds) {
        // Hashed vectors are reported at the smaller size only: they show the worst case for the index.
        if (kind === "hashed" && size !== Math.min(...sizes)) continue;
        log(`retrieval: ${target.label}, ${size} chunks, ${kind} vectors`);
        record("retrieval", await benchRetrieval(target, size, kind, log));
      }
    }
  }
}
if (only.has("ingestion")) {
  const pages = 300;
  const pdf = await makeBookPdf(pages);
  for (const target of targets) {
    log(`ingestion: ${target.label}, ${pages}-page PDF (${(pdf.byteLength / 1024).toFixed(0)} KB)`);
    record("ingestion", await benchIngestion(target, pdf, pages));
  }
}
if (only.has("tutor")) {
  for (const target of targets) {
    log(`tutor overhead: ${target.label}`);
    record("tutor", await benchTutorOverhead(target, 10_000, 200, log));
  }
}
if (only.has("tutor-sealed")) {
  const { benchTutorSealedInstallation } = await import("./tutor-sealed-installation.ts");
  for (const target of targets) {
    log(`tutor with a sealed Slack installation lookup: ${target.label}`);
    record("tutor-sealed", await benchTutorSealedInstallation(target, 10_000, 200, log));
  }
}
if (only.has("tutor-moderation")) {
  const { benchTutorModeration } = await import("./tutor-moderation.ts");
  for (const target of targets) {
    log(`tutor with and without moderation: ${target.label}`);
    record("tutor-moderation", await benchTutorModeration(target, 10_000, 200, log));
  }
}
if (only.has("rss")) {
  log("idle RSS of npm start");
  record("rss", await benchIdleRss());
}
if (only.has("slack")) {
  const { benchSlackAck } = await import("./slack-ack.ts");
  log("slack ack latency");
  record("slack", await benchSlackAck());
}
if (only.has("discord")) {
  const { benchDiscordAck } = await import("./discord-ack.ts");
  log("discord interaction latency");
  record("discord", await benchDiscordAck());
}
if (only.has("quiz-slack")) {
  const { benchQuizBurstSlack } = await import("./quiz-burst-slack.ts");
  const runs = await benchQuizBurstSlack({ postgresUrl: process.env.BENCH_DATABASE_URL, log });
  for (const run of runs) record("quiz-slack", run);
}
if (only.has("quiz-discord")) await (await import("./quiz-burst-discord.ts")).runAll(targets, record, log);
if (only.has("lti-launch")) {
  const { benchLtiLaunchInChild } = await import("./lti-launch.ts");
  for (const target of targets) {
    log(`lti launch handling: ${target.label}`);
    record("lti-launch", await benchLtiLaunchInChild(target.label));
  }
}
if (only.has("lms-tutor")) {
  const { benchLmsTutorInChild } = await import("./lms-tutor.ts");
  for (const target of targets) {
    log(`lms tutor: time to first streamed token, LMS page beside the CLI path: ${target.label}`);
    record("lms-tutor", await benchLmsTutorInChild(target.label));
  }
}
if (only.has("lti-ags")) {
  const { benchLtiAgs } = await import("./lti-ags.ts");
  log("lti ags: 1,000 scores to the fake platform, every 10th request answered 429");
  record("lti-ags", await benchLtiAgs({ log }));
}
if (only.has("lti-nrps")) {
  const { benchLtiNrps } = await import("./lti-nrps.ts");
  for (const target of targets) {
    log(`lti nrps: ${target.label}, 5,000 members in pages of 100 from the fake platform`);
    record("lti-nrps", await benchLtiNrps(target, { log }));
  }
}
if (only.has("clever-sync")) {
  const { benchCleverSync } = await import("./clever-sync.ts");
  for (const target of targets) {
    log(`clever sync: ${target.label}, 20,000 students, 1,000 teachers, 800 sections from the fake Clever`);
    record("clever-sync", await benchCleverSync(target, { log }));
  }
}
if (only.has("oneroster")) {
  const { benchOneRosterImport } = await import("./oneroster-import.ts");
  for (const target of targets) {
    log(`oneroster import: ${target.label}, the same district as a OneRoster 1.2 bulk set`);
    record("oneroster", await benchOneRosterImport(target, { log }));
  }
}

if (only.has("flashcards-due")) {
  const { benchFlashcardsDue } = await import("./flashcards-due.ts");
  const runs = await benchFlashcardsDue({ targets: values.targets, log });
  for (const run of runs) record("flashcards-due", run);
}
if (only.has("progress-card")) {
  const { benchProgressCard } = await import("./progress-card.ts");
  log("progress card: SVG + PNG beside the SVG alone");
  record("progress-card", await benchProgressCard({ log }));
}
if (only.has("review-slack")) {
  const { benchReviewBurstSlack } = await import("./review-burst-slack.ts");
  const runs = await benchReviewBurstSlack({ targets: values.targets, log });
  for (const run of runs) record("review-slack", run);
}

const machine = {
  cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown"}`,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  date: new Date().toISOString(),
};
const dir = path.join(import.meta.dirname, "results");
await mkdir(dir, { recursive: true });
await writeFile(path.join(dir, "latest.json"), JSON.stringify({ machine, results }, null, 2));
log(`results written to bench/results/latest.json`);
