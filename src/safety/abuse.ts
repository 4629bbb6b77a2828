/**
 * Insults and profanity aimed at the bot or the company. Frustration without insults ("这个 app 太烂了",
 * "this is ridiculous") is not abuse and gets a normal answer; neither does reporting a scammer (骗子).
 * Compound forms are matched so that ordinary words stay clear: 他妈 but not 他妈妈 (his mother),
 * 滚蛋 but not 滚动 (scrolling), "shit" but not "shiitake".
 */
const ABUSE = [
  String.raw`傻[逼比屄b]|煞笔|沙比|(?<![A-Za-z])s\s?b(?![A-Za-z])|二逼|装逼|牛逼你|你个?逼`,
  String.raw`[操草艹肏日]你|[操草艹肏]尼?玛|草泥马|(?<![A-Za-z])(?:cnm|nmsl|tmd|nmb|wcnm|mlgb)(?![A-Za-z])`,
  String.raw`你妈(?!妈)|他妈(?!妈)|尼玛|泥马|妈的(?=[\s,，.。!！?？]|$)|妈逼|妈了个`,
  String.raw`滚蛋|滚开|给我滚|滚吧|滚粗|去死|死全家|狗东西|狗日|王八蛋|混蛋|脑残|智障|白痴|弱智|废物|贱人|婊子|人渣|畜生|垃圾(?:客服|机器人|公司|东西|玩意)|什么垃圾`,
  String.raw`(?<![A-Za-z])(?:f+u+c+k+\w*|f\*+k|f\*ck|fck|fuk|fk\s+(?:you|u|off)|wtf|stfu|motherf\w*|shit\w*|bullshit|bitch\w*|bastard|ass\s?hole|dick\s?head|cunt|twat|wanker|idiot\w*|moron\w*|retard\w*|dumbass|jackass|scumbag|piece\s+of\s+(?:shit|crap|garbage)|go\s+to\s+hell|go\s+die|kill\s+yourself|kys)(?![A-Za-z])`,
  String.raw`(?<![A-Za-z])(?:stupid|useless|dumb|worthless)\s+(?:bot|robot|machine|company|app|support|people|idiots?)(?![A-Za-z])`,
].join("|");

const ABUSIVE = new RegExp(ABUSE, "iu");

/** Zero-width and joining characters people put inside a word to slip it past a filter. */
const INVISIBLE = /[\u200B-\u200F\u2060\uFEFF\u00AD]/g;

/** True when the message insults or swears at the bot, the company or its staff. */
export function isAbusive(text: string): boolean {
  return ABUSIVE.test(text.replace(INVISIBLE, ""));
}
