import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { ConfigError } from "../../src/errors.js";

const load = (env: Record<string, string>) => loadConfig(env, "/nonexistent/.env");

describe("configuration", () => {
  it("has working defaults with an empty environment", () => {
    const config = load({});
    expect(config.PORT).toBe(3000);
    expect(config.HOST).toBe("127.0.0.1");
    expect(config.KNOWLEDGE_DIR).toBe("./knowledge");
    expect(config.DISCORD_API_BASE).toBe("https://discord.com/api");
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined();
  });

  it.each([
    ["PORT", "abc", /^PORT expects a TCP port number/],
    ["PORT", "70000", /^PORT expects a TCP port number/],
    ["REDIS_URL", "localhost:6379", /^REDIS_URL expects redis:\/\/host:port/],
    ["TELEGRAM_API_ROOT", "not a url", /^TELEGRAM_API_ROOT expects an http\(s\) URL/],
    ["LOG_LEVEL", "loud", /^LOG_LEVEL /],
  ])("names %s and what it expects when it is %j", (name, value, message) => {
    const error = (() => {
      try {
        load({ [name]: value });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(name);
    expect((error as ConfigError).message).toMatch(message);
    expect((error as ConfigError).message).not.toContain("\n");
  });

  it("treats blank variables as unset", () => {
    expect(load({ TELEGRAM_BOT_TOKEN: "  ", REDIS_URL: "" }).TELEGRAM_BOT_TOKEN).toBeUndefined();
  });

  it("asks for the handoff channel when Slack is on", () => {
    expect(() => load({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" })).toThrow(/^SLACK_HANDOFF_CHANNEL /);
  });
});
