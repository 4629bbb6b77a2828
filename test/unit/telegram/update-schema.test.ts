import fc from "fast-check";
import { Api } from "grammy";
import { describe, expect, it } from "vitest";
import { DeleteRights } from "../../../adapters/telegram/delete-rights.js";
import { fromUpdate } from "../../../adapters/telegram/inbound.js";
import { handleUpdate } from "../../../adapters/telegram/update.js";
import { readUpdate } from "../../../adapters/telegram/update-schema.js";
import type { AdapterHost } from "../../../src/adapter.js";
import type { InboundMessageInput } from "../../../src/conversation/model.js";
import { inboundMessageSchema } from "../../../src/conversation/model.js";
import { HttpServer } from "../../../src/http/server.js";
import { asTelegramBody, telegramPayload } from "../../support/fuzz-payloads.js";
import { FAKE_BOT, FAKE_TOKEN } from "../../support/fake-telegram.js";
import { captureLog } from "../../support/log-capture.js";
import { telegramUpdate } from "../../support/telegram-updates.js";

const RUNS = 3_000;
const NOW = 1_767_300_000_000;

/** handleUpdate with a pipeline that records what reaches it, and the log lines it wrote. */
function harness() {
  const { log, lines } = captureLog();
  const handled: InboundMessageInput[] = [];
  const host: AdapterHost = {
    handle: async (input) => {
      handled.push(input);
      return { replies: [], deleteInbound: false };
    },
    unreachable: async () => undefined,
    http: new HttpServer(log),
    log,
  };
  // No Bot API call is made for a private message the pipeline does not answer.
  const api = new Api(FAKE_TOKEN, { apiRoot: "http://127.0.0.1:9" });
  const deps = { host, rights: new DeleteRights(api, FAKE_BOT.id, log), api, me: FAKE_BOT };
  return { lines, handled, handle: (raw: unknown) => handleUpdate(raw, deps) };
}

describe("telegram updates at the boundary", () => {
  it("ignores a message without its chat (it used to throw reading chat.type), logging the field, not the text", async () => {
    const update = telegramUpdate("private-text", "my card 4111 1111 1111 1111") as unknown as { message: Record<string, unknown> };
    delete update.message.chat;
    const { lines, handled, handle } = harness();
    await expect(handle(update)).resolves.toBeUndefined();
    expect(handled).toEqual([]);
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({ msg: "malformed telegram update ignored", problems: ["message.chat: Invalid input: expected object, received undefined"] });
    expect(JSON.stringify(lines())).not.toContain("1111");
  });

  it("ignores an update of a kind it does not read, naming the kind once", async () => {
    const { lines, handled, handle } = harness();
    await handle({ update_id: 9, message_reaction: { chat: { id: 1, type: "private" }, new_reaction: [] } });
    expect(handled).toEqual([]);
    expect(lines().map((line) => [line.msg, line.kinds])).toEqual([["telegram update of a kind the bot does not read ignored", ["message_reaction"]]]);
  });

  it("ignores what is not an update at all", async () => {
    const { lines, handle } = harness();
    for (const raw of [null, 42, "update", [], { update_id: "7" }]) await handle(raw);
    expect(lines().map((line) => line.msg)).toEqual(Array(5).fill("malformed telegram update ignored"));
  });

  it(`fuzz: ${RUNS} raw updates never throw, and every one read becomes a message the pipeline accepts`, () => {
    let read = 0;
    let turns = 0;
    fc.assert(
      fc.property(telegramPayload, fc.nat(), (payload, n) => {
        const result = readUpdate(JSON.parse(asTelegramBody(payload, n)));
        if ("problems" in result) {
          expect(result.problems.length).toBeGreaterThan(0);
          return;
        }
        read++;
        const inbound = fromUpdate(result.update, FAKE_BOT, NOW);
        if (!inbound) return;
        turns++;
        const checked = inboundMessageSchema.safeParse(inbound.input);
        expect(checked.success ? [] : checked.error.issues).toEqual([]);
      }),
      { numRuns: RUNS, seed: 20_250_701 },
    );
    // The generator reaches every branch: updates refused, read and ignored, read and answered.
    expect(read).toBeLessThan(RUNS);
    expect(turns).toBeGreaterThan(RUNS / 5);
    expect(read - turns).toBeGreaterThan(RUNS / 50);
  });
});
