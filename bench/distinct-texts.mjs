// The bench's batch builds the sample under 50 titles: one text, whose every paragraph the caches
// kept for watch (paragraph layouts, deflated streams and font files, web font subsets, jieba's words)
// answer from the second document on. `--only distinct` builds texts of the same size and structure
// that no such cache can answer: each is the sample with a character of its own inserted after the
// first character of its title and of every paragraph (README, Speed: the same 50 made distinct cost
// ~1.6 × the CPU of the bench's batch in session 10).

/** Common characters, one for each text; only those the text lacks are used (a new glyph in every font). */
const MARKS = [
  ...'甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥松柏梅兰竹菊桃李杏梨枫桂樟榆槐柳杨桑麻棉丝绸缎锦绣琴棋书画诗词歌赋曲艺龙凤虎豹狮象鹿鹤鹰燕雀鸿雁鸥鹭莺鹃',
];

/** A line longer than this is a paragraph (speaker lines, headings and dates are shorter). */
const PARAGRAPH_MIN_LENGTH = 20;

/** `count` texts: `text` with a character unique to each inserted into its title and every paragraph. */
export function distinctTexts(text, count) {
  const marks = MARKS.filter((c) => !text.includes(c));
  if (marks.length < count) throw new Error(`only ${marks.length} distinct texts can be made, ${count} asked`);
  const [title, ...lines] = text.split('\n');
  return marks.slice(0, count).map((c) =>
    [
      `${title}${c}`,
      ...lines.map((l) => {
        if (l.length <= PARAGRAPH_MIN_LENGTH) return l;
        const first = String.fromCodePoint(l.codePointAt(0));
        return `${first}${c}${l.slice(first.length)}`;
      }),
    ].join('\n'),
  );
}
