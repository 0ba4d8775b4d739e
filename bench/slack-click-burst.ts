// What a Slack click-burst benchmark needs around the app: signed block_actions clicks over HTTP, an
// open-loop burst that spreads N clicks evenly over one second and times each ack as the sender sees it,
// and a no-op Bolt app (same receiver and authorisation as the real one) that only acks, to compare with.
import { setTimeout as sleep } from "node:timers/promises";
import { App, ExpressReceiver, webApi } from "@slack/bolt";
import express from "express";
import { singleWorkspaceAuthorize } from "../bots/slack/src/auth/single-workspace-authorize.ts";
import { blockActionPayload, interactive } from "../test/support/fake-slack-payloads.ts";
import { sendSignedRequest } from "../test/support/fake-slack-signer.ts";
import { percentile } from "./corpus.ts";

export type Latency = { p50: number; p99: number; max: number };

export function summarise(ms: number[]): Latency {
  return { p50: round(percentile(ms, 50)), p99: round(percentile(ms, 99)), max: round(Math.max(...ms)) };
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Sends `total` requests spread evenly over one second (open loop); each resolves to its latency. */
export async function oneSecondBurst(
  total: number,
  request: (i: number) => Promise<number>,
): Promise<{ latency: Latency; ms: number[]; sentMs: number }> {
  const times: Promise<number>[] = [];
  const failures: unknown[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / total - performance.now();
    if (wait > 1) await sleep(wait);
    // Caught at once: a request failing while later ones are still being sent must not be unhandled.
    times.push(request(i).catch((error: unknown) => Promise.resolve(failures.push(error)).then(() => -1)));
  }
  const sentMs = performance.now() - started;
  const ms = await Promise.all(times);
  if (failures.length)
    throw new Error(`${failures.length} of ${total} requests failed`, { cause: failures[0] });
  return { latency: summarise(ms), ms, sentMs };
}

export interface SignedClick {
  url: string;
  signingSecret: string;
  teamId: string;
  userId: string;
  channelId: string;
  messageTs?: string;
  actionId: string;
  responseUrl: string;
}

/** One signed block_actions click; resolves to its ack latency, failing on anything but a 200. */
export async function signedClick(click: SignedClick): Promise<number> {
  const payload = blockActionPayload({
    teamId: click.teamId,
    userId: click.userId,
    channelId: click.channelId,
    actionId: click.actionId,
    responseUrl: click.responseUrl,
    ...(click.messageTs ? { messageTs: click.messageTs } : {}),
  });
  const { status, ms } = await sendSignedRequest(click.url, interactive(payload), {
    signingSecret: click.signingSecret,
  });
  if (status !== 200) throw new Error(`click by ${click.userId} answered ${status}`);
  return ms;
}

/** A Bolt app on `endpoint` with the real app's receiver and authorisation that only acks every click. */
export function noopBoltRouter(options: {
  signingSecret: string;
  botToken: string;
  apiUrl: string;
  endpoint: string;
}): express.Router {
  const router = express.Router();
  const receiver = new ExpressReceiver({
    signingSecret: options.signingSecret,
    router,
    endpoints: options.endpoint,
  });
  const authorize = singleWorkspaceAuthorize(
    new webApi.WebClient(undefined, { slackApiUrl: options.apiUrl }),
    options.botToken,
  );
  const app = new App({ receiver, authorize, clientOptions: { slackApiUrl: options.apiUrl } });
  app.action(/.*/, async ({ ack }) => {
    await ack();
  });
  return router;
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await sleep(20);
  }
}
