// Parallel leads: the run-in heads a speech repeats over consecutive paragraphs (一是…二是…; 第一，…;
// 心中有党，…心中有民，…; 始终保持学习实践之心。…). One rule for every consumer — the handout sets them
// bold, the deck may use them as key points — so both agree on what a lead is (book-and-speech.md:
// whatever is chosen applies to every parallel lead).

/** A series marker opening a paragraph: 一是 / 第一， / 首先 … */
const SERIES = /^(?:[一二三四五六七八九十]是|第[一二三四五六七八九十][，、,是]|首先|其次|再次|最后)/u;
/** A lead sentence longer than this is a sentence, not a head */
const MAX_SENTENCE = 20;
/** A lead clause (up to ，) longer than this is not a head */
const MAX_CLAUSE = 12;

/** A paragraph's candidate lead: its first sentence when short, else its first clause when short; '' if none. */
export function leadCandidate(text: string): string {
  const sentence = /^[^。！？]*[。！？]/u.exec(text)?.[0] ?? '';
  if (sentence && sentence.length <= MAX_SENTENCE && sentence.length < text.length) return sentence;
  const clause = /^[^，；：。！？]*[，；：]/u.exec(text)?.[0] ?? '';
  if (clause && clause.length <= MAX_CLAUSE && !/[“”‘’（）《》]/u.test(clause.slice(-1))) return clause;
  return '';
}

const isSeries = (text: string) => SERIES.test(text);

/**
 * The leads of a part's paragraphs, in order ('' for none). Leads the source already marks (`given`)
 * stay. Besides, a run of consecutive paragraphs is parallel when each has a candidate lead and they
 * all open with a series marker (two or more), share their first four characters (two or more), or
 * share their first two (three or more, 心中有党/心中有民/心中有责), and no two of the candidates are the
 * same (a refrain such as 五年来，is no head); each then gets its candidate.
 */
export function parallelLeads(texts: readonly string[], given: readonly string[] = []): string[] {
  const leads = texts.map((t, i) => (given[i] && t.startsWith(given[i]!) ? given[i]! : ''));
  const cand = texts.map(leadCandidate);
  const runEnd = (i: number, same: (a: string, b: string) => boolean): number => {
    let j = i + 1;
    while (j < texts.length && cand[j] && same(texts[i]!, texts[j]!)) j++;
    return j;
  };
  let i = 0;
  while (i < texts.length) {
    if (!cand[i]) {
      i++;
      continue;
    }
    const series = isSeries(texts[i]!) ? runEnd(i, (_a, b) => isSeries(b)) : i + 1;
    const four = runEnd(i, (a, b) => a.length >= 4 && a.slice(0, 4) === b.slice(0, 4));
    const two = runEnd(i, (a, b) => a.slice(0, 2) === b.slice(0, 2));
    let end = Math.max(series - i >= 2 ? series : i, four - i >= 2 ? four : i, two - i >= 3 ? two : i);
    // A repeated phrase (五年来，… 五年来，…; 各位代表，) is a refrain, not a run of heads: heads differ.
    if (new Set(cand.slice(i, end)).size < end - i) end = i;
    if (end > i) {
      for (let k = i; k < end; k++) leads[k] ||= cand[k]!;
      i = end;
    } else i++;
  }
  return leads;
}
