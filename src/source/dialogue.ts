// Dialogue: interview and roundtable turns (「问：…」「答：…」「主持人：…」「NAME：…」), a turn label on its own
// line (「解説:」「主持人 魯健 :」), and the 采访对象/采访组 lists. Shapes and examples: src/source/README.md.
import { HAN, hanRegExp, isHanWord, isOneHanChar } from '../cjk';
import { looksLikeName, looksLikePost } from './speaker';

/** Roles that label a turn without naming anyone */
const ROLE_RE =
  /^(?:主持人|主持|记者|記者|本报记者|解说|解説|旁白|群众|观众|網友|网友|听众|学生|同学|提问|提問|嘉宾|嘉賓|编者|編者)$/u;
/** 「问」「答」「贝问」「毛答」「记者问」「記者問」 */
const WORD_LABEL_RE = hanRegExp(String.raw`^[${HAN}A-Za-z0-9]{2,8}$`, 'u');
const QA_RE = hanRegExp(String.raw`^${HAN}{0,3}[问答問]$`, 'u');
/** A host's role in front of the name: 「主持人 魯健」「嘉宾主持 朱迅」 */
const HOST_ROLE_RE = /^(?:主持人|主持|嘉宾主持|嘉賓主持|节目主持人|節目主持人)$/u;
/** A few traditional forms, so that posts ending 團長 / 記者 read like 团长 / 记者 */
const TRAD: Record<string, string> = {
  長: '长',
  團: '团',
  記: '记',
  書: '书',
  員: '员',
  師: '师',
  編: '编',
  輯: '辑',
  問: '问',
  說: '说',
  説: '说',
  賓: '宾',
};
/** Traditional forms of common surnames, so that a once-speaking 「葉篤初：」 reads like a name as 叶笃初 would */
const TRAD_SURNAMES: Record<string, string> = {
  葉: '叶',
  陳: '陈',
  劉: '刘',
  張: '张',
  黃: '黄',
  趙: '赵',
  吳: '吴',
  鄭: '郑',
  謝: '谢',
  馬: '马',
  許: '许',
  韓: '韩',
  馮: '冯',
  鄧: '邓',
  蕭: '肖',
  羅: '罗',
  陸: '陆',
  蔣: '蒋',
  盧: '卢',
  鍾: '钟',
  譚: '谭',
  賈: '贾',
  龔: '龚',
  嚴: '严',
  楊: '杨',
  孫: '孙',
  錢: '钱',
  蘇: '苏',
  衛: '卫',
  鄒: '邹',
  閻: '闫',
};
const simplified = (s: string): string =>
  s.replace(/[長團記書員師編輯問說説賓]/gu, (c) => TRAD[c] ?? c).replace(/^./u, (c) => TRAD_SURNAMES[c] ?? c);

/** The label of a line that opens with 「LABEL：」 (a ▲ marker and a bracketed post are dropped), or null */
const LABEL_RE =
  /^[▲△■●◆]?\s*([^：:，。！？、；,.!?;（）()“”「」《》【】\s][^：:，。！？、；,.!?;（）()“”「」《》【】]{0,15}?)\s*(?:[（(]([^）)]{0,30})[）)])?\s*[：:]\s*(.*)$/u;

export interface TurnLabel {
  /** The label as printed, without colon and marker: 「问」「主持人 魯健」 */
  label: string;
  /** Who speaks: the name when the label gives one (「主持人 魯健」 → 魯健), else the label */
  speaker: string;
  /** The label names a host (主持人 + name) */
  host: boolean;
  /** How sure the shape is: a role, 问/答, a post; a bare name-like label needs a second sign */
  strong: boolean;
  /** The text after the colon ('' for a label on its own line) */
  rest: string;
}

export function turnLabelOf(text: string): TurnLabel | null {
  // the colon looked for first: most lines have none, and then LABEL_RE need not be compiled (char-class.ts)
  const m = text.includes('：') || text.includes(':') ? LABEL_RE.exec(text) : null;
  if (!m) return null;
  const label = m[1]!.trim();
  const rest = m[3]!.trim();
  const tokens = label.split(/[\s\u3000]+/u).filter(Boolean);
  if (tokens.length > 3) return null;
  const compact = tokens.join('');
  if (tokens.length >= 2 && HOST_ROLE_RE.test(tokens[0]!)) {
    const name = tokens.slice(1).join('');
    if (name.length >= 2 && name.length <= 4) return { label, speaker: name, host: true, strong: true, rest };
  }
  if (tokens.length > 1 && !isOneHanChar(tokens.at(-1)!)) {
    // 「POST NAME：」 with nothing after it is a speaker line, not a turn
    return null;
  }
  if (ROLE_RE.test(compact) || QA_RE().test(compact) || /[记記]者$/u.test(compact))
    return { label: compact, speaker: compact, host: false, strong: true, rest };
  if (looksLikePost(simplified(compact)) && compact.length <= 12)
    return { label: compact, speaker: compact, host: false, strong: true, rest };
  if (isHanWord(compact, 2, 4) && looksLikeName(simplified(compact)))
    return { label: compact, speaker: compact, host: false, strong: false, rest };
  if (WORD_LABEL_RE().test(compact)) return { label: compact, speaker: compact, host: false, strong: false, rest };
  return null;
}

/**
 * Whether a text's turns make it a dialogue: at least two turns with a sure label (问/答, a role, a
 * post) or a speaker who takes the floor at least twice. A single 「主持人：请问…？」 is not enough.
 */
export function dialogueSpeakers(labels: readonly (TurnLabel | null)[]): Set<string> {
  const count = new Map<string, number>();
  let strong = 0;
  for (const t of labels) {
    if (!t) continue;
    count.set(t.speaker, (count.get(t.speaker) ?? 0) + 1);
    if (t.strong) strong++;
  }
  const recurring = [...count].filter(([, n]) => n >= 2).map(([s]) => s);
  const sure = strong + recurring.reduce((n, s) => n + (count.get(s) ?? 0), 0);
  if (sure < 2 && recurring.length === 0) return new Set();
  if (strong < 2 && recurring.length === 0) return new Set();
  // a speaker is accepted when the label is sure, recurs, or looks like a name
  const accepted = new Set<string>();
  for (const t of labels) {
    if (!t) continue;
    if (t.strong || (count.get(t.speaker) ?? 0) >= 2 || looksLikeName(simplified(t.speaker)) || t.speaker === '群众')
      accepted.add(t.speaker);
  }
  return accepted;
}
