/**
 * Words that introduce a number staff need to read: order and transaction numbers, tracking and
 * ticket numbers, user ids. A long digit run right after one of them is a reference, not a card
 * or a phone number, even when its digits happen to pass a checksum.
 */
const REFERENCE_BEFORE =
  /(?:订单|单号|交易号|交易单号|流水号?|凭证号|参考号|批次号|工单号?|快递单?号|物流单?号|运单号|会员号|商户号|用户\s*id|uid|order|txn|transaction|trans|ref(?:erence)?|tracking|invoice|receipt|ticket|case|booking|shipment|serial|user\s*id|member\s*id|merchant\s*id)(?:\s*(?:no\.?|number|num|id|#|号|编号))?[\s:=#是为]{0,4}$/i;

/** True when the text just before `start` names a reference number (`订单号 `, `order #`). */
export function followsReference(text: string, start: number): boolean {
  return REFERENCE_BEFORE.test(text.slice(Math.max(0, start - 32), start));
}
