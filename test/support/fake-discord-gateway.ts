// The gateway half of the fake Discord: a `ws` server speaking the v10 JSON gateway protocol far
// enough for discord.js to log in (HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeats) and to
// receive dispatches. Guilds are spread over shards as Discord does: (guild_id >> 22) % shard_count.
import type { Server } from "node:http";
import { WebSocket, WebSocketServer } from "ws";
import { type FakeGuild, type FakeUser, guildCreatePayload, readyPayload } from "./fake-discord-payloads.ts";

/** GUILD_SCHEDULED_EVENTS (1 << 16): without it Discord sends no scheduled events at all. */
export const GUILD_SCHEDULED_EVENTS_INTENT = 1 << 16;

export interface Identify {
  token: string;
  intents: number;
  shard: [number, number];
}

interface Session {
  socket: WebSocket;
  shard: [number, number];
  seq: number;
  /** The intents the session identified with: Discord sends intent-gated events only to those. */
  intents: number;
}

const HEARTBEAT_INTERVAL_MS = 41_250;

export class FakeGateway {
  readonly identifies: Identify[] = [];
  /** Close codes of gateway connections, for diagnosing a client that reconnected. */
  readonly closes: Array<{ code: number; reason: string }> = [];
  private readonly sessions: Session[] = [];
  private turn = 0;
  private readonly wss: WebSocketServer;

  constructor(
    server: Server,
    private readonly settings: {
      token: string;
      applicationId: string;
      bot: FakeUser;
      guilds: FakeGuild[];
      url: () => string;
      /** The guilds' scheduled events, sent with GUILD_CREATE to a session with the intent for them. */
      scheduledEvents?: Map<string, Record<string, unknown> & { guild_id: string }>;
    },
  ) {
    this.wss = new WebSocketServer({ server, path: "/gateway" });
    this.wss.on("connection", (socket) => this.accept(socket));
  }

  /**
   * Sends a dispatch to the shard that owns `guildId` (shard 0 for DMs). With several sessions
   * connected for that shard (two processes, or a rolling deploy), `to` picks the first, the next in
   * turn, or all of them.
   */
  dispatch(t: string, d: unknown, guildId?: string, to: "first" | "next" | "all" = "first"): number {
    const owners = this.sessionsFor(guildId);
    if (owners.length === 0) {
      throw new Error(
        `no gateway session for ${guildId ?? "DMs"}; is the client logged in? closes: ${JSON.stringify(this.closes)}`,
      );
    }
    const chosen =
      to === "all" ? owners : [to === "next" ? owners[this.turn++ % owners.length]! : owners[0]!];
    for (const session of chosen) this.send(session, { op: 0, t, s: ++session.seq, d });
    return chosen.length;
  }

  /**
   * Like dispatch, for events that follow a REST call: dropped when the client is disconnecting, or
   * when `intent` is given and the session did not identify with it (as Discord drops them).
   */
  tryDispatch(t: string, d: unknown, guildId?: string, intent?: number): boolean {
    const session = this.sessionFor(guildId);
    if (!session || (intent !== undefined && (session.intents & intent) === 0)) return false;
    this.send(session, { op: 0, t, s: ++session.seq, d });
    return true;
  }

  /** How many shards are connected and identified. */
  get connectedShards(): number {
    return this.sessions.filter((s) => s.socket.readyState === WebSocket.OPEN).length;
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private sessionFor(guildId: string | undefined): Session | undefined {
    return this.sessionsFor(guildId)[0];
  }

  private sessionsFor(guildId: string | undefined): Session[] {
    const open = this.sessions.filter((s) => s.socket.readyState === WebSocket.OPEN);
    if (guildId === undefined) return open.filter((s) => s.shard[0] === 0);
    return open.filter((s) => Number((BigInt(guildId) >> 22n) % BigInt(s.shard[1])) === s.shard[0]);
  }

  private accept(socket: WebSocket): void {
    socket.send(
      JSON.stringify({ op: 10, s: null, t: null, d: { heartbeat_interval: HEARTBEAT_INTERVAL_MS } }),
    );
    socket.on("close", (code, reason) => this.closes.push({ code, reason: String(reason) }));
    socket.on("message", (raw) => {
      const packet = JSON.parse(String(raw)) as { op: number; d: unknown };
      if (packet.op === 1) socket.send(JSON.stringify({ op: 11, s: null, t: null, d: null }));
      if (packet.op === 2) this.identify(socket, packet.d as Identify);
    });
  }

  private identify(socket: WebSocket, identify: Identify): void {
    if (identify.token !== this.settings.token) {
      socket.close(4004, "Authentication failed.");
      return;
    }
    const shard = identify.shard ?? [0, 1];
    this.identifies.push({ ...identify, shard });
    const session: Session = { socket, shard, seq: 0, intents: Number(identify.intents) || 0 };
    this.sessions.push(session);
    const mine = this.settings.guilds.filter(
      (g) => Number((BigInt(g.id) >> 22n) % BigInt(shard[1])) === shard[0],
    );
    const { bot, applicationId } = this.settings;
    this.send(session, {
      op: 0,
      t: "READY",
      s: ++session.seq,
      d: readyPayload(
        bot,
        applicationId,
        mine.map((g) => g.id),
        shard,
        this.settings.url(),
      ),
    });
    for (const guild of mine) {
      const d = guildCreatePayload(guild, bot);
      if (session.intents & GUILD_SCHEDULED_EVENTS_INTENT)
        d.guild_scheduled_events = [...(this.settings.scheduledEvents?.values() ?? [])].filter(
          (e) => e.guild_id === guild.id,
        );
      this.send(session, { op: 0, t: "GUILD_CREATE", s: ++session.seq, d });
    }
  }

  private send(session: Session, packet: unknown): void {
    session.socket.send(JSON.stringify(packet));
  }
}
