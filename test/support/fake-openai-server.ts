import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { answerChat, answerEmbeddings, type Behaviour, defaultBehaviour } from "./fake-openai-answers.ts";
import { openAiError, record, sendFailure, sendJson, waitUnlessClosed } from "./fake-openai-http.ts";
import { moderationResponse } from "./fake-openai-moderation.ts";
import type { ChatCompletionBody, FakeOpenAi, RecordedRequest } from "./fake-openai-types.ts";

export { defaultChatAnswer, defaultEmbedding } from "./fake-openai-answers.ts";
export type {
  ChatCompletionBody,
  ChatStall,
  FakeFailure,
  FakeOpenAi,
  RecordedRequest,
} from "./fake-openai-types.ts";

/** Starts the fake on a free port of 127.0.0.1; `apiKey` defaults to `sk-test`. */
export async function startFakeOpenAi(options: { apiKey?: string } = {}): Promise<FakeOpenAi> {
  const apiKey = options.apiKey ?? "sk-test";
  const requests: RecordedRequest[] = [];
  let behaviour = defaultBehaviour();
  const waiters: Array<{ count: number; resolve: () => void }> = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const recorded = await record(req);
    requests.push(recorded);
    for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    const route = `${recorded.method} ${recorded.path}`;
    if (recorded.headers.authorization !== `Bearer ${apiKey}`) {
      return sendJson(
        res,
        401,
        openAiError("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"),
      );
    }
    const endpoint = recorded.path.endsWith("/embeddings")
      ? "embeddings"
      : recorded.path.endsWith("/moderations")
        ? "moderations"
        : "chat";
    const index = behaviour.failures.findIndex((f) => !f.only || f.only === endpoint);
    const failure = index >= 0 ? behaviour.failures.splice(index, 1)[0] : undefined;
    if (failure) return sendFailure(res, failure);
    if (route === "POST /v1/embeddings") return answerEmbeddings(behaviour, recorded.body, res);
    if (route === "POST /v1/moderations") {
      if (behaviour.moderationDelayMs > 0 && !(await waitUnlessClosed(behaviour.moderationDelayMs, res)))
        return;
      return sendJson(res, 200, moderationResponse(recorded.body, behaviour.moderationRule));
    }
    if (route === "POST /v1/chat/completions") {
      return answerChat(behaviour, recorded.body as unknown as ChatCompletionBody, res);
    }
    sendJson(res, 404, openAiError(`Unknown request URL: ${route}.`, "invalid_request_error", "unknown_url"));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, openAiError(`fake server error: ${String(error)}`, "server_error", null));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const set = (change: Partial<Behaviour>) => void Object.assign(behaviour, change);

  return {
    url: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    embeddingRequests: () => requests.filter((request) => request.path === "/v1/embeddings"),
    chatRequests: () => requests.filter((request) => request.path === "/v1/chat/completions"),
    moderationRequests: () => requests.filter((request) => request.path === "/v1/moderations"),
    setModerationRule: (moderationRule) => set({ moderationRule }),
    setModerationDelayMs: (moderationDelayMs) => set({ moderationDelayMs }),
    failNext: (...failures) => set({ failures: [...behaviour.failures, ...failures] }),
    setChatResponder: (responder) => set({ responder }),
    setChatDelayMs: (chatDelayMs) => set({ chatDelayMs }),
    setChatPieceDelayMs: (chatPieceDelayMs) => set({ chatPieceDelayMs }),
    setChatStall: (chatStall) => set({ chatStall }),
    setUnknownParameters: (unknownParameters) => set({ unknownParameters }),
    waitForRequests: (count) =>
      requests.length >= count
        ? Promise.resolve()
        : new Promise<void>((resolve) => void waiters.push({ count, resolve })),
    setEmbedder: (embedder) => set({ embedder }),
    setEmbeddingsOutOfOrder: (outOfOrder) => set({ outOfOrder }),
    reset() {
      requests.length = 0;
      behaviour = defaultBehaviour();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
