import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { asksForSecret } from "../../../src/engine/asks-for-secret.js";
import { knowledgeCopy } from "../../support/knowledge.js";

describe("an answer that asks for a secret", () => {
  it.each([
    "请提供您的登录密码,我们帮您查询。",
    "请把验证码告诉我们",
    "麻烦发一下您的银行卡号和CVV",
    "请告诉我您的身份证号",
    "Please send us your password so we can check.",
    "Reply with the verification code you received.",
    "Tell us your card number and CVV.",
  ])("is caught: %s", (text) => {
    expect(asksForSecret(text)).toBe(true);
  });

  it.each([
    "客服绝不会向您索要密码或验证码。",
    "请不要把验证码告诉任何人。",
    "输入发送到该手机号的验证码,完成身份验证。",
    "如果你已经把密码告诉了别人,请马上修改密码。",
    "请提供订单号,方便我们查询。",
    "Staff will never ask for your password or verification code.",
    "Never share verification codes or passwords with anyone.",
    "Don't give anyone your code.",
    "Please provide the order number.",
  ])("passes when it warns or asks for something harmless: %s", (text) => {
    expect(asksForSecret(text)).toBe(false);
  });
});

describe("npm run kb:check", () => {
  let copy: ReturnType<typeof knowledgeCopy> | undefined;
  afterEach(() => copy?.remove());

  it("fails on an answer that asks for a password, naming the file, the field and the line", () => {
    copy = knowledgeCopy();
    copy.edit("faq/feedback.yaml", (text) => text.replace(/^answer:\n  zh: \|\n/m, "answer:\n  zh: |\n    为了核实身份,请提供您的支付密码。\n"));
    const run = spawnSync(process.execPath, ["--import", "tsx", "src/tools/kb-check.ts"], {
      env: { ...process.env, KNOWLEDGE_DIR: copy.dir },
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/feedback\.yaml:\d+: answer\.zh: asks the user for a password/);
  });
});
