import { describe, expect, it } from "vitest";
import { newConversation } from "../../../src/conversation/model.js";
import { canTransition, transition } from "../../../src/conversation/state-machine.js";
import { IllegalTransitionError } from "../../../src/errors.js";

const fresh = () => newConversation({ platform: "console", chatId: "u1", kind: "dm" }, { id: "u1", displayName: "u1" }, "zh", 0);

describe("conversation state machine", () => {
  it("walks the handoff loop bot -> queued -> assigned -> closed -> bot", () => {
    const conversation = fresh();
    for (const state of ["queued", "assigned", "closed", "bot"] as const) transition(conversation, state);
    expect(conversation.state).toBe("bot");
  });

  it("lets an agent return a conversation to the bot", () => {
    const conversation = fresh();
    transition(conversation, "queued");
    transition(conversation, "assigned");
    transition(conversation, "bot");
    expect(conversation.state).toBe("bot");
  });

  it.each([
    ["bot", "assigned"],
    ["bot", "closed"],
    ["closed", "assigned"],
    ["queued", "queued"],
  ] as const)("refuses %s -> %s with an IllegalTransitionError", (from, to) => {
    const conversation = fresh();
    conversation.state = from;
    expect(canTransition(from, to)).toBe(false);
    expect(() => transition(conversation, to)).toThrow(IllegalTransitionError);
    expect(() => transition(conversation, to)).toThrow(`illegal conversation transition ${from} -> ${to}`);
    expect(conversation.state).toBe(from);
  });
});
