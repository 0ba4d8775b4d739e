import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import type { FakeSlackWebApi } from "./fake-slack-web-api.ts";

/** What the app sent back for an envelope: `{ envelope_id, payload? }`, and how long it took. */
export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
  ms: number;
}

export interface FakeSocketMode {
  /** Connections opened so far (each after an `apps.connections.open` call). */
  connections: number;
  /** Resolves once an app is connected and has been sent `hello`. */
  connected(timeoutMs?: number): Promise<void>;
  /** Sends an envelope as Slack does and resolves with the app's acknowledgement. */
  send(
    type: "slash_commands" | "interactive" | "events_api",
    payload: Record<string, unknown>,
    options?: { retryAttempt?: number; timeoutMs?: number },
  ): Promise<SocketAck>;
  close(): Promise<void>;
}

/**
 * A Socket Mode server on 127.0.0.1: `apps.connections.open` on the fake Web API hands out its ws:// URL
 * (only to callers with `appToken`), it greets each connection with `hello`, and relays envelopes.
 */
export async function startFakeSocketMode(
  api: FakeSlackWebApi,
  options: { appToken: string },
): Promise<FakeSocketMode> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, path: "/link" });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  let socket: WebSocket | undefined;
  const pending = new Map<string, { resolve: (ack: SocketAck) => void; started: number }>();
  const onConnect = new Set<() => void>();
  const state = { connections: 0 };

  api.setHandler("apps.connections.open", (call) =>
    call.token === options.appToken
      ? { ok: true, url: `ws://127.0.0.1:${port}/link?ticket=${randomUUID()}&app_id=A0STUDYHALL` }
      : { ok: false, error: "invalid_auth" },
  );

  wss.on("connection", (ws) => {
    socket = ws;
    state.connections += 1;
    ws.on("message", (data) => {
      const ack = JSON.parse(String(data)) as { envelope_id: string; payload?: unknown };
      const waiter = pending.get(ack.envelope_id);
      if (!waiter) return;
      pending.delete(ack.envelope_id);
      waiter.resolve({ ...ack, ms: performance.now() - waiter.started });
    });
    ws.send(
      JSON.stringify({
        type: "hello",
        num_connections: 1,
        debug_info: { host: "fake-socket-mode", approximate_connection_time: 18060 },
        connection_info: { app_id: "A0STUDYHALL" },
      }),
    );
    for (const wake of onConnect) wake();
  });

  return {
    get connections() {
      return state.connections;
    },
    connected(timeoutMs = 5000) {
      if (socket) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no Socket Mode connection")), timeoutMs);
        onConnect.add(() => {
          clearTimeout(timer);
          // Let the client process `hello` before the first envelope arrives.
          setTimeout(resolve, 50);
        });
      });
    },
    send(type, payload, { retryAttempt = 0, timeoutMs = 5000 } = {}) {
      const ws = socket;
      if (!ws) return Promise.reject(new Error("no Socket Mode connection"));
      const envelope_id = randomUUID();
      return new Promise<SocketAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(envelope_id);
          reject(new Error(`no ack for ${type} within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(envelope_id, {
          started: performance.now(),
          resolve: (ack) => {
            clearTimeout(timer);
            resolve(ack);
          },
        });
        ws.send(
          JSON.stringify({
            envelope_id,
            type,
            payload,
            accepts_response_payload: type !== "events_api",
            ...(type === "events_api"
              ? { retry_attempt: retryAttempt, retry_reason: retryAttempt ? "timeout" : "" }
              : {}),
          }),
        );
      });
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
