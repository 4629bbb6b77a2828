import type { Localized } from "./conversation/model.js";

/**
 * The bot's own words outside the knowledge base, in both languages. Answers to questions live in
 * knowledge/; these are the fixed replies of the pipeline and the adapters.
 */
export const TEXT = {
  textOnly: {
    zh: "抱歉,我目前只能读文字消息。请用文字描述您的问题,我会尽快帮您。",
    en: "Sorry, I can only read text messages. Please describe your question in words and I'll help right away.",
  },
  textOnlyWhileWaiting: {
    zh: "客服人员暂时只能看到文字消息。请用文字补充说明,谢谢。",
    en: "Our agent can only see text messages for now. Please add the details in words, thank you.",
  },
  stillWaiting: {
    zh: "已收到,客服人员会在这里回复您。",
    en: "Got it, an agent will reply to you here.",
  },
  talkToPerson: { zh: "转人工客服", en: "Talk to a person" },
} satisfies Record<string, Localized>;
