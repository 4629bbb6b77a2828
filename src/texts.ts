import type { Language, Localized } from "./conversation/model.js";

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
  talkToPerson: { zh: "转人工客服", en: "Talk to a person" },
  /** The button that moves a public conversation into a private chat with the bot. */
  continueInPrivate: { zh: "私聊继续", en: "Continue in private chat" },
  /** Put before a human agent's name on a message they wrote. */
  fromAgent: { zh: "人工客服", en: "Support agent" },
  /** Discord: the first message in the DM the bot opens to move a public conversation there (sent in both languages). */
  continueHere: {
    zh: "您好,我们在这里私聊继续,只有您和我能看到。请直接在这里描述您的问题。",
    en: "Hi, let's continue here in private, where only you and I can see it. Please describe your question here.",
  },
  /** Discord: added to the public answer once the bot has opened that DM. */
  continuedInDm: { zh: "我已私信您,我们在私信里继续。", en: "I've sent you a direct message; let's continue there." },
  /** Discord: added to the public answer when the user's privacy settings refuse the bot's DM. */
  dmClosed: {
    zh: "我无法给您发私信。请在隐私设置中允许来自服务器成员的私信,或直接私信我。",
    en: "I couldn't send you a direct message. Please allow direct messages from server members in your privacy settings, or message me directly.",
  },
  /** Discord: the name of the thread the bot opens to answer a message, followed by the user's name. */
  supportThread: { zh: "客服", en: "Support" },
  /** Discord: the description of the /help slash command (at most 100 characters). */
  helpCommand: { zh: "客服助手能帮您做什么", en: "What the support assistant can help with" },
  /** Handoff opened within business hours: {position} in line, about {minutes} minutes. */
  handoffQueued: {
    zh: "已为您转接人工客服,客服人员会在这里回复您。您目前排在第 {position} 位,预计等待约 {minutes} 分钟。等待期间您可以继续留言,客服都会看到。",
    en: "A person from our support team will answer you here. You are number {position} in line; the expected wait is about {minutes} min. You can keep writing while you wait: the agent will see everything.",
  },
  /** Handoff opened outside business hours: the team works {open}-{close} ({timezone}) and is back {when}. */
  handoffAfterHours: {
    zh: "已为您转接人工客服。客服工作时间为每天 {open}-{close}({timezone} 时间),现在不在工作时间,客服团队将于{when}回来并在这里回复您。您可以继续留言,客服都会看到。",
    en: "A person from our support team will answer you here. Our team works {open}-{close} ({timezone} time) and is away right now; they are back {when} and will reply here. You can keep writing: the agent will see everything.",
  },
  backToday: { zh: "今天 {time}", en: "today at {time}" },
  backTomorrow: { zh: "明天 {time}", en: "tomorrow at {time}" },
  /** {day} is one of the weekday names below. */
  backOnDay: { zh: "{day} {time}", en: "on {day} at {time}" },
  mon: { zh: "周一", en: "Monday" },
  tue: { zh: "周二", en: "Tuesday" },
  wed: { zh: "周三", en: "Wednesday" },
  thu: { zh: "周四", en: "Thursday" },
  fri: { zh: "周五", en: "Friday" },
  sat: { zh: "周六", en: "Saturday" },
  sun: { zh: "周日", en: "Sunday" },
  /** After an agent resolves the handoff; buttons csat:1..csat:5 follow. */
  csatPrompt: {
    zh: "客服已结束本次对话。请为本次服务打分:1 分最不满意,5 分最满意。",
    en: "Our agent has closed this conversation. How satisfied are you? 1 = not at all, 5 = very.",
  },
  csatThanks: {
    zh: "感谢您的评分!如还有其他问题,随时给我发消息。",
    en: "Thank you for your rating! Write to me any time if you need anything else.",
  },
  returnedToBot: {
    zh: "客服已将对话交回智能助手。如需其他帮助,请直接提问。",
    en: "Our agent has handed you back to the assistant. Ask me anything else you need.",
  },
  /** Safety (src/safety): once per conversation when the user sends a card number, code, password, ID... */
  secretShared: {
    zh: "为了您的资金安全,请不要在聊天中发送银行卡号、安全码、验证码、密码或身份证号。我们的工作人员绝不会向您索要这些信息,索要的人都是骗子。您发送的内容已在我们的记录中隐藏。",
    en: "For your safety, please don't send card numbers, CVV, verification codes, passwords or ID numbers in a chat. Our staff will never ask you for them, and anyone who does is a scammer. We've hidden what you sent in our records.",
  },
  /** Added to secretShared when what the user sent was a code or a password. */
  secretChangeIt: {
    zh: "您发送的验证码或密码已不再安全:请立即在 App 中修改登录密码和支付密码。如果这个验证码不是您本人申请的,请不要使用它,并告诉我们。",
    en: "The code or password you sent is no longer safe: change your login and payment passwords in the app now. If you didn't request that code yourself, don't use it, and tell us.",
  },
  /** A public comment with sensitive data that the bot deleted. */
  publicSecretDeleted: {
    zh: "您的消息含有敏感信息(如卡号、验证码或联系方式),为保护您,我们已将其删除。请不要在公开场合发送这些信息,我们的工作人员绝不会索要。我们在私聊中继续为您服务。",
    en: "Your message contained sensitive details (such as a card number, a code or contact details), so we removed it to protect you. Please don't post these in public; our staff will never ask for them. Let's continue in a private chat.",
  },
  /** A public comment with sensitive data that the bot has no right to delete. */
  publicSecretPleaseDelete: {
    zh: "您的消息含有敏感信息(如卡号、验证码或联系方式),这里所有人都能看到,我无法替您删除:请立即删除这条消息。我们的工作人员绝不会索要这些信息。我们在私聊中继续为您服务。",
    en: "Your message contains sensitive details (such as a card number, a code or contact details) that everyone here can see, and I can't remove it for you: please delete it now. Our staff will never ask for them. Let's continue in a private chat.",
  },
  /** A public comment asked for a person: handoffs are only worked in private. */
  handoffInPrivate: {
    zh: "为保护您的隐私,人工客服会在私聊中为您服务。",
    en: "To protect your privacy, a person from our team will help you in a private chat.",
  },
  /** The first message over the user's rate limit; the ones after it are dropped. */
  slowDown: {
    zh: "消息发送得太快了,请稍等一会儿。刚才有些消息我没有处理,稍后请把问题合成一条发给我。",
    en: "You're sending messages very fast. Please wait a moment: I skipped some of them, so send your question again in one message in a little while.",
  },
  /** A text over the length limit (src/safety/gate.ts), not processed. */
  tooLong: {
    zh: "这条消息太长了(超过 4000 字),我无法处理。请用几句话描述您的问题,或分成几条较短的消息发送。",
    en: "That message is too long for me (over 4,000 characters). Please describe your question in a few sentences, or split it into shorter messages.",
  },
  /** The one reply to abusive language (the policy is in src/safety/warnings.ts). */
  abuseCalm: {
    zh: "我理解您现在很着急,也很不满意,我们想尽快帮您解决。请告诉我具体遇到了什么问题,或者点击下方按钮联系人工客服。",
    en: "I understand you're frustrated, and we want to fix this for you. Tell me what went wrong, or tap below to talk to a person.",
  },
  /** In place of a link in a reply that is not one of brand.yaml's (src/safety/official-links.ts). */
  linkRemoved: { zh: "[链接已删除]", en: "[link removed]" },
} satisfies Record<string, Localized>;

/** Puts values into a text's `{name}` placeholders. */
export function fillText(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

/** The line above a message a person wrote, on Telegram and Discord: "👤 Support agent <name>". */
export function agentLine(name: string, language: Language): string {
  return `👤 ${TEXT.fromAgent[language]} ${name}`;
}
