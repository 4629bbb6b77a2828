/**
 * A light English stemmer: folds the inflections users vary on (refunds, refunded, refunding,
 * charges, charged) onto one stem. Deliberately weaker than Porter: over-stemming merges words that
 * tell topics apart, and the character n-grams already catch the rest.
 */
export function stem(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let base = word;
  if (base.endsWith("ies") && base.length > 4) base = `${base.slice(0, -3)}y`;
  else if (/(?:ss|us|is)$/.test(base)) return base;
  else if (/(?:sses|xes|ches|shes|zes)$/.test(base)) base = base.slice(0, -2);
  else if (base.endsWith("s")) base = base.slice(0, -1);
  if (base.endsWith("ing") && base.length > 5) base = undoubled(base.slice(0, -3));
  else if (base.endsWith("ed") && base.length > 4) base = undoubled(base.slice(0, -2));
  if (base.endsWith("e") && base.length > 3) base = base.slice(0, -1);
  return base;
}

/** "stopp" -> "stop", but "installed" keeps its "ll" as "install". */
function undoubled(base: string): string {
  const last = base.at(-1);
  if (last && last === base.at(-2) && !"lsz".includes(last)) return base.slice(0, -1);
  return base;
}
