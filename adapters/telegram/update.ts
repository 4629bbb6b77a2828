import type { Context } from "grammy";
import type { AdapterHost } from "../../src/adapter.js";
import type { OutboundMessage } from "../../src/conversation/model.js";
import type { DeleteRights } from "./delete-rights.js";
import { errorFields, isUnreachable } from "./errors.js";
import { fromUpdate, type TelegramInbound } from "./inbound.js";
import { sendOutbound } from "./outbound.js";

export interface UpdateDeps {
  host: AdapterHost;
  rights: DeleteRights;
}

/**
 * One update from start to finish. Throws only when the pipeline failed, so that Telegram
 * redelivers a webhook update; a reply that cannot be delivered is logged (a redelivery would
 * be de-duplicated and answer nothing anyway).
 */
export async function handleUpdate(ctx: Context, deps: UpdateDeps): Promise<void> {
  const { update, api, me } = ctx;
  const { host, rights } = deps;
  if (update.my_chat_member) {
    rights.remember(update.my_chat_member.chat.id, update.my_chat_member.new_chat_member);
    return;
  }
  // Every click is answered, even one the bot ignores: until then the user's client shows a spinner.
  if (update.callback_query) {
    await api.answerCallbackQuery(update.callback_query.id).catch((error: unknown) => host.log.warn(errorFields(error), "callback query not answered"));
  }
  const inbound = fromUpdate(update, me, Date.now());
  if (!inbound) return;
  const botCanDelete = inbound.groupMessageId !== undefined && (await rights.canDelete(inbound.chatId));
  const result = await host.handle({ ...inbound.input, botCanDelete });
  if (result.deleteInbound && inbound.groupMessageId !== undefined) {
    await api.deleteMessage(inbound.chatId, inbound.groupMessageId).catch((error: unknown) => host.log.warn({ chatId: inbound.chatId, ...errorFields(error) }, "message with a secret not deleted"));
  }
  await reply(ctx, inbound, result.replies, host);
}

async function reply(ctx: Context, inbound: TelegramInbound, replies: OutboundMessage[], host: AdapterHost): Promise<void> {
  try {
    for (const message of replies) await sendOutbound(ctx.api, inbound, message, ctx.me.username);
  } catch (error) {
    if (!isUnreachable(error)) {
      host.log.error({ chatId: inbound.chatId, ...errorFields(error) }, "reply not delivered");
      return;
    }
    host.log.info({ chatId: inbound.chatId, description: error.description }, "user unreachable on telegram");
    await host.unreachable(inbound.input.ref, inbound.input.author.id);
  }
}
