import type { Api } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { AdapterHost } from "../../src/adapter.js";
import type { OutboundMessage } from "../../src/conversation/model.js";
import type { DeleteRights } from "./delete-rights.js";
import { errorFields, isUnreachable } from "./errors.js";
import { fromUpdate, type TelegramInbound } from "./inbound.js";
import { sendOutbound } from "./outbound.js";
import { readUpdate } from "./update-schema.js";

export interface UpdateDeps {
  host: AdapterHost;
  rights: DeleteRights;
  api: Api;
  me: UserFromGetMe;
}

/** What a log line names of an update kind the bot does not read: its field names, cut short. */
const MAX_KINDS = 5;
const MAX_KIND_CHARS = 40;

/**
 * One update from start to finish, as Telegram sent it. A malformed update, or one of a kind the
 * bot does not read, is logged once (field names, never the text) and ignored. Throws only when
 * the pipeline failed, so that Telegram redelivers a webhook update; a reply that cannot be
 * delivered is logged (a redelivery would be de-duplicated and answer nothing anyway).
 */
export async function handleUpdate(raw: unknown, deps: UpdateDeps): Promise<void> {
  const { host, rights, api, me } = deps;
  const read = readUpdate(raw);
  if ("problems" in read) {
    // Only a numeric id: the update's other values are unchecked, and ids are logged unredacted.
    const updateId = (raw as { update_id?: unknown } | null)?.update_id;
    host.log.warn({ updateId: typeof updateId === "number" ? updateId : undefined, problems: read.problems }, "malformed telegram update ignored");
    return;
  }
  const { update } = read;
  if (update.my_chat_member) {
    rights.remember(update.my_chat_member.chat.id, update.my_chat_member.new_chat_member);
    return;
  }
  if (!update.message && !update.callback_query) {
    const kinds = Object.keys(raw as object).filter((key) => key !== "update_id");
    host.log.info({ updateId: update.update_id, kinds: kinds.slice(0, MAX_KINDS).map((kind) => kind.slice(0, MAX_KIND_CHARS)) }, "telegram update of a kind the bot does not read ignored");
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
  await reply(api, me, inbound, result.replies, host);
}

async function reply(api: Api, me: UserFromGetMe, inbound: TelegramInbound, replies: OutboundMessage[], host: AdapterHost): Promise<void> {
  try {
    for (const message of replies) await sendOutbound(api, inbound, message, me.username);
  } catch (error) {
    if (!isUnreachable(error)) {
      host.log.error({ chatId: inbound.chatId, ...errorFields(error) }, "reply not delivered");
      return;
    }
    host.log.info({ chatId: inbound.chatId, description: error.description }, "user unreachable on telegram");
    await host.unreachable(inbound.input.ref, inbound.input.author.id);
  }
}
