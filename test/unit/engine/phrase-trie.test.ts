import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PhraseTrie } from "../../../src/engine/phrase-trie.js";

/** Every (start, end, phrase) where a phrase occurs in the text, found the slow way. */
function occurrences(text: string, phrases: readonly string[]): string[] {
  const found: string[] = [];
  for (let start = 0; start < text.length; start++) {
    for (const phrase of phrases) if (phrase !== "" && text.startsWith(phrase, start)) found.push(`${start}-${start + phrase.length}:${phrase}`);
  }
  return found.sort();
}

describe("phrase trie", () => {
  // Han phrases match anywhere (no word edges): the trie must find exactly what a scan with startsWith finds,
  // also with thousands of phrases, past the point where its edge table grows.
  it("finds every occurrence of every phrase, however many phrases it holds", () => {
    const char = fc.constantFrom(..."退款密码账号支付失败不了吗");
    const phrase = fc.string({ unit: char, minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.uniqueArray(phrase, { minLength: 600, maxLength: 3000 }), fc.string({ unit: char, maxLength: 30 }), (phrases, text) => {
        const trie = new PhraseTrie<string>(false);
        for (const p of phrases) trie.add(p, p);
        const found: string[] = [];
        trie.forEachIn(text, (end, values) => {
          for (const value of values) found.push(`${end - value.length}-${end}:${value}`);
        });
        expect(found.sort()).toEqual(occurrences(text, phrases));
      }),
      { numRuns: 60 },
    );
  });

  it("gives the longest phrase at a position", () => {
    const trie = new PhraseTrie<string>(true);
    for (const p of ["退钱", "退钱了吗", "pw", "pwd"]) trie.add(p, p);
    expect(trie.valuesOf(trie.longestAt("我要退钱了吗", 2))).toEqual(["退钱了吗"]);
    expect(trie.valuesOf(trie.longestAt("forgot pwd now", 7))).toEqual(["pwd"]);
    expect(trie.longestAt("got pwned", 4)).toBe(0);
  });
});
