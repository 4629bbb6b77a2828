/**
 * Folds full-width ASCII (１２３４, ：, ＠) and the ideographic space to their half-width forms, one
 * UTF-16 unit for one, so detectors see `1234` while the offsets they return still point into the
 * original text. Chinese input methods produce full-width digits often enough to matter.
 */
export function toHalfWidth(text: string): string {
  if (!/[\uFF01-\uFF5E\u3000]/.test(text)) return text;
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (char) =>
    char === "\u3000" ? " " : String.fromCharCode(char.charCodeAt(0) - 0xfee0),
  );
}
