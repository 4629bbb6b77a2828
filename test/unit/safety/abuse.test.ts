import { describe, expect, it } from "vitest";
import { isAbusive } from "../../../src/safety/abuse.js";

describe("isAbusive", () => {
  it.each([
    "你们这帮傻逼",
    "傻b客服",
    "操你妈 退钱",
    "他妈的怎么还没到账",
    "垃圾客服,滚蛋",
    "你个智障机器人",
    "去死吧",
    "fuck you",
    "this is fucking ridiculous, where is my money",
    "stupid bot",
    "you idiots",
    "piece of shit app",
    "f\u200Buck off",
    "STFU",
  ])("flags %s", (text) => {
    expect(isAbusive(text)).toBe(true);
  });

  it.each([
    "付款一直失败怎么回事",
    "这个 app 太慢了",
    "我遇到骗子了,有人冒充客服",
    "他妈妈的卡能绑定吗",
    "我妈的账户被冻结了",
    "页面滚动不了",
    "垃圾短信说我中奖了,是真的吗",
    "where is my refund??",
    "this is ridiculous, 3 days and no refund",
    "Sussex bank transfer",
    "shiitake mushrooms",
    "I assume the assessment is done",
  ])("lets %s through", (text) => {
    expect(isAbusive(text)).toBe(false);
  });
});
