// What sealing stored secrets costs on the tutor path. In multi-workspace Slack, every request first
// fetches the workspace's installation (its bot token) from the installation store, which now opens an
// AES-256-GCM envelope. Each question here is that fetch followed by askTutor (instant model, 10k-chunk
// course), alternating between the sealed store and a plain-JSON read of the same installation, so both
// sides share the machine's state. Also reports one `open` alone.
import { prismaInstallationStore } from "../bots/slack/src/auth/prisma-installation-store.ts";
import { createSecretBox } from "../core/src/secrets/secret-box.ts";
import { askTutor } from "../core/src/tutor/ask-tutor.ts";
import type { BenchTarget } from "./bench-database.ts";
import { percentile, questionFrom, random } from "./corpus.ts";
import { loadCorpus } from "./retrieval.ts";
import { enrolledTutorDeps } from "./tutor-overhead.ts";

/** A realistic Bolt installation: bot and user tokens, scopes, the incoming webhook. */
function installation(teamId: string) {
  return {
    team: { id: teamId, name: "Bench School" },
    enterprise: undefined,
    isEnterpriseInstall: false,
    appId: "A0BENCH",
    tokenType: "bot",
    bot: {
      token: `xoxb-${"1".repeat(12)}-${"2".repeat(13)}-${"a".repeat(24)}`,
      scopes: ["commands", "chat:write", "files:read", "users:read", "im:write", "channels:history"],
      id: "B0BENCH",
      userId: "U0BOT",
    },
    user: { token: `xoxp-${"3".repeat(40)}`, scopes: ["identity.basic"], id: "U0ADMIN" },
    incomingWebhook: { url: "https://hooks.slack.com/services/T0/B0/xyz", channel: "#general" },
  };
}

export async function benchTutorSealedInstallation(
  target: BenchTarget,
  size: number,
  questions: number,
  log: (s: string) => void,
) {
  const db = await target.open("sealed");
  try {
    const corpus = await loadCorpus(db, size, "hashed", log);
    const actor = { platform: "SLACK" as const, tenant: "T0SEALED", externalId: "U0STUDENT" };
    const deps = await enrolledTutorDeps(db, corpus.courseId, actor);

    const box = createSecretBox({ current: "b".repeat(64) });
    const store = prismaInstallationStore(db.prisma, box);
    await store.storeInstallation(installation("T0SEALED") as never);
    // The same installation as rows held it before sealing: plain JSON.
    await db.prisma.slackInstallation.create({
      data: { installKey: "T0PLAIN", teamId: "T0PLAIN", installation: installation("T0PLAIN") },
    });
    const fetchPlain = async () => {
      const row = await db.prisma.slackInstallation.findUniqueOrThrow({ where: { installKey: "T0PLAIN" } });
      return JSON.parse(JSON.stringify(row.installation)) as { bot?: { token?: string } };
    };
    const fetchSealed = () =>
      store.fetchInstallation({ teamId: "T0SEALED", enterpriseId: undefined, isEnterpriseInstall: false });

    const rng = random(11);
    const plain: number[] = [];
    const sealed: number[] = [];
    for (let i = 0; i < 2 * (questions + 10); i++) {
      const question = questionFrom(corpus.texts[Math.floor(rng() * corpus.texts.length)]!, 4, rng);
      const useSealed = i % 2 === 1;
      const started = performance.now();
      const found = useSealed ? await fetchSealed() : await fetchPlain();
      if (!found.bot?.token) throw new Error("installation without a bot token");
      await askTutor({ actor, courseId: corpus.courseId, question, threadKey: `t${i % 20}` }, deps);
      const elapsed = performance.now() - started;
      if (i >= 20) (useSealed ? sealed : plain).push(elapsed);
    }

    // One envelope opened alone, many times, for the per-request cryptographic cost itself.
    const row = await db.prisma.slackInstallation.findUniqueOrThrow({ where: { installKey: "T0SEALED" } });
    const envelope = (row.installation as { sealed: string }).sealed;
    const opens = 20_000;
    const openStarted = performance.now();
    for (let i = 0; i < opens; i++) box.open(envelope, "SlackInstallation T0SEALED");
    const openMicros = ((performance.now() - openStarted) * 1000) / opens;

    const p50Plain = percentile(plain, 50);
    const p50Sealed = percentile(sealed, 50);
    return {
      target: target.label,
      chunks: size,
      questions,
      plainP50: round(p50Plain),
      plainP95: round(percentile(plain, 95)),
      sealedP50: round(p50Sealed),
      sealedP95: round(percentile(sealed, 95)),
      ratioP50: round(p50Sealed / p50Plain, 3),
      openMicros: round(openMicros, 1),
    };
  } finally {
    await db.close();
  }
}

function round(value: number, digits = 2): number {
  return Number(value.toFixed(digits));
}
