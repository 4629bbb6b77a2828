import { describe, expect, it } from "vitest";
import { captureLog as capture } from "../../support/log-capture.js";

const CARD = "4111 1111 1111 1111";

describe("logger", () => {
  it("redacts user text in fields, nested objects, messages and errors", () => {
    const { log, output } = capture();
    log.info({ text: `my card ${CARD}`, turns: [{ role: "user", text: "验证码是482913" }] }, "user wrote");
    log.warn(`relay failed for "password: hunter2"`);
    log.error({ err: new Error(`could not parse ${CARD}`) }, "boom");
    const written = output();
    expect(written).not.toContain("4111 1111");
    expect(written).not.toContain("482913");
    expect(written).not.toContain("hunter2");
    expect(written).toContain("[card ****1111]");
    expect(written).toContain("验证码是[code]");
    expect(written).toContain("could not parse [card ****1111]");
  });

  it("keeps ids as they are, and still censors tokens", () => {
    const { log, output } = capture();
    log.info({ messageId: "5555555555554444", conversationId: "telegram:dm:13812345678", token: "123:abc" }, "ids");
    const line = JSON.parse(output()) as Record<string, unknown>;
    expect(line).toMatchObject({ messageId: "5555555555554444", conversationId: "telegram:dm:13812345678", token: "[redacted]" });
  });
});
