// Speaker lines: 「职务 姓名」, 「职务姓名」, 「姓名（职务）」, 「——职务 姓名」, 「主讲人：…」.
import { HAN, hanRegExp, isHanWord, isOneHanChar } from '../cjk';
import type { Speaker } from '../model';
import { charClass, SENTENCE_MARK, WHITE_SPACE } from './char-class';

/**
 * Endings of a post (职务). A post ends with one of these: 党委书记, 副镇长, 办公室主任, 教授…
 * Longest first so that 秘书长 is tried before 书记 would not matter for endsWith, but keeps the list readable.
 */
export const POST_SUFFIXES = [
  '第一书记',
  '秘书长',
  '董事长',
  '总经理',
  '理事长',
  '负责人',
  // 「国务院新闻办新闻局局长、新闻发言人 胡凯红」
  '发言人',
  '研究员',
  '调研员',
  '巡视员',
  '指导员',
  '网格员',
  '协理员',
  '书记',
  '镇长',
  '乡长',
  '区长',
  '县长',
  '市长',
  '省长',
  '州长',
  '村长',
  '主任',
  '局长',
  '组长',
  '部长',
  '处长',
  '科长',
  '厅长',
  '司长',
  '署长',
  '主席',
  '委员',
  '常委',
  '成员',
  '院长',
  '校长',
  '所长',
  '站长',
  '经理',
  '总裁',
  '会长',
  '社长',
  '队长',
  '馆长',
  '行长',
  '总监',
  '主编',
  '教授',
  '讲师',
  '专家',
  '干部',
  '代表',
  '政委',
  '主管',
  '厂长',
  '台长',
  '团长',
  '专员',
  '参事',
  '支书',
  '班长',
  '园长',
  '局长',
  '庭长',
  '检察长',
  '审判员',
  '法官',
  '律师',
  '医师',
  '记者',
  '编辑',
  '主讲',
  '博士',
  '老师',
  '顾问',
  '监事',
  '股长',
  '党员',
  '营长',
  '所长',
  '首席',
];

/** Words that say a post is about a place or an organisation (used with a guest list) */
const ORG_HINT = /[省市县区镇乡村街委局办厅部院校司所站队会社团公司中心党政府]/u;

/**
 * Common Chinese surnames (single and compound). Used only when there is no guest list, to tell
 * 「镇党委书记张三」 (a name after the post) from 「如何当好镇长助手」 (no name).
 */
const COMPOUND_SURNAMES = [
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '令狐',
  '宇文',
  '长孙',
  '司徒',
  '夏侯',
  '端木',
  '南宫',
  '西门',
  '独孤',
  '呼延',
  '申屠',
];
const SINGLE_SURNAMES = new Set(
  Array.from(
    '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由习',
  ),
);

/** A personal name: two to four Han characters (a surname the lists know, then one or two more) */
export function looksLikeName(name: string): boolean {
  if (!isHanWord(name, 2, 4)) return false;
  if (COMPOUND_SURNAMES.some((s) => name.startsWith(s))) return name.length >= 3;
  return SINGLE_SURNAMES.has(name[0]!) && name.length <= 3;
}

/**
 * Endings too common in ordinary words to mark a post when nothing else (a space, the guest list)
 * separates post and name: 「致敬最美基层干部王小明」 is a title, not 基层干部 + 王小明.
 */
export const LOOSE_SUFFIXES = new Set([
  '干部',
  '代表',
  '党员',
  '老师',
  '专家',
  '博士',
  '成员',
  '记者',
  '编辑',
  '律师',
  '医师',
  '首席',
  '主讲',
  '委员',
]);

/** Brackets a post may end with, with spaces: dropped before its ending is read */
const POST_TAIL_BRACKET = charClass('（）()');

/** POST_SUFFIXES by their last character: a post's last character names the few it can end with */
const POST_SUFFIXES_BY_LAST = (() => {
  const byLast = new Map<string, string[]>();
  for (const s of POST_SUFFIXES) {
    const last = s.slice(-1);
    byLast.set(last, [...(byLast.get(last) ?? []), s]);
  }
  return byLast;
})();
const NO_SUFFIXES: readonly string[] = [];

export function looksLikePost(post: string, strict = false): boolean {
  const p = endsInBracketOrSpace(post) ? post.replace(/[\s（）()]+$/u, '') : post;
  return (POST_SUFFIXES_BY_LAST.get(p.slice(-1)) ?? NO_SUFFIXES).some(
    (s) => p.endsWith(s) && !(strict && LOOSE_SUFFIXES.has(s) && !p.endsWith(`常${s}`) && !p.endsWith(`党委${s}`)),
  );
}

/** 「主讲人：」「发言人：」 … labels before a speaker */
const LABELS = ['主讲人', '主讲', '讲话人', '发言人', '报告人', '讲课人', '主讲嘉宾', '发言嘉宾', '授课人', '授课'];
const LABEL_RE = new RegExp(String.raw`^(?:${LABELS.join('|')})[:：]\s*`, 'u');
/** LABEL_RE tried only on a line that starts with a label (char-class.ts) */
const startsWithLabel = (text: string): boolean => LABELS.some((label) => text.startsWith(label));
const DASH_RE = /^(?:[—–─―-]{1,3}|[—–─―-]{2}\s*)\s*/u;
/** What DASH_RE's line starts with (char-class.ts: the expressions tried only on such a line) */
const DASH = charClass('—–─―-');
const CLOSING_PAREN = charClass('）)');
const NAME_WITH_POST_RE = hanRegExp(`^(${HAN}{2,4})[（(]([^（）()]{2,})[）)]$`, 'u');

/** 「值班领导：陈晓东」「发言人：…」: a short role before a colon, then a name */
const ROLE_NAME_RE = hanRegExp(
  `^([^：:，。\\s]{2,8}?(?:领导|老师|教师|班主任|校长|主任|代表|同学|学生|干部|书记|人))[：:]\\s*(${HAN}{2,3})$`,
  'u',
);
const hasColon = (text: string): boolean => text.includes('：') || text.includes(':');
/** A class or unit in front of a name: 「初二3班」「高一（1）班」「团委」「教务处」 */
const UNIT_RE = /(?:\d|[班级组部处室科系队届])$|\d/u;

/** Longest line taken for a speaker line; real posts are long (「江苏省常州市金坛区直溪镇党委书记」) but not this long */
export const MAX_SPEAKER_LINE = 60;

/**
 * Reads a speaker line, or returns null when the line is not one.
 * `guests` (from a 嘉宾 line) decides first; without it the shapes of posts and names decide.
 */
export function parseSpeakerLine(line: string, guests: ReadonlySet<string>): Speaker | null {
  if (line.length > MAX_SPEAKER_LINE || SENTENCE_MARK.inText(line)) return null;
  let text = line.trim();
  const dashed = DASH.atStart(text) && DASH_RE.test(text);
  const labelled = startsWithLabel(text) && LABEL_RE.test(text);
  if (DASH.atStart(text)) text = text.replace(DASH_RE, '');
  if (startsWithLabel(text)) text = text.replace(LABEL_RE, '');
  text = text.trim();
  if (text.length < 2) return null;
  const isGuest = (n: string): boolean => guests.has(n);

  // 「值班领导：陈晓东」: a role, a colon, a name. Here and below, a character the regular expression
  // needs is looked for first: its Han class repeated costs ~1 ms to compile on a cold start, paid only
  // by a transcript that has such a line.
  const roleName = hasColon(text) ? ROLE_NAME_RE().exec(text) : null;
  if (roleName && looksLikeName(roleName[2]!)) return { name: roleName[2]!, post: roleName[1]! };

  // 姓名（职务）
  const withPost = CLOSING_PAREN.atEnd(text) ? NAME_WITH_POST_RE().exec(text) : null;
  if (withPost) {
    const [, name, post] = withPost as unknown as [string, string, string];
    if (isGuest(name) || looksLikePost(post) || (labelled && looksLikeName(name))) return { name, post: post.trim() };
    return null;
  }

  // 职务 姓名 (the name after the last space; a name padded with spaces, 「王 强」, is joined)
  const tokens = joinPaddedName(text.split(/\s+/u));
  if (tokens.length >= 2) {
    const name = tokens.at(-1)!;
    const post = tokens.slice(0, -1).join(' ');
    if (isGuest(name)) return { name, post };
    if (isHanWord(name, 2, 4) && looksLikePost(post) && (looksLikeName(name) || dashed || labelled))
      return { name, post };
    // 「初二3班  李思远」: a class or unit, then a name
    if (UNIT_RE.test(post) && post.length <= 12 && looksLikeName(name)) return { name, post };
    // 姓名 职务 (name first)
    const first = tokens[0]!;
    const rest = tokens.slice(1).join(' ');
    if ((isGuest(first) || looksLikeName(first)) && looksLikePost(rest)) return { name: first, post: rest };
  }

  // a bare name after a label or dash: 「——张三」「主讲人：张三」
  if ((labelled || dashed) && (isGuest(text) || looksLikeName(text))) return { name: text, post: '' };
  if (isGuest(text)) return { name: text, post: '' };

  // 职务姓名 (no space)
  if (!/\s/u.test(text)) {
    // the guest list first: the longest guest name the line ends with
    let best = '';
    for (let len = 2; len <= 6 && len < text.length; len++) if (guests.has(text.slice(-len))) best = text.slice(-len);
    if (best) {
      const post = text.slice(0, text.length - best.length);
      if (looksLikePost(post) || ORG_HINT.test(post)) return { name: best, post };
    }
    // else a post ending followed by a name-shaped tail
    for (const len of [3, 2, 4]) {
      if (text.length <= len) continue;
      const post = text.slice(0, text.length - len);
      const name = text.slice(text.length - len);
      if (looksLikePost(post, true) && looksLikeName(name)) return { name, post };
    }
  }
  return null;
}

/**
 * Newspapers pad two-character names to the width of three (「王　强」), so a run of single Han
 * characters at the end is one name: [镇长, 王, 强] → [镇长, 王强]. Names are never one character.
 */
function joinPaddedName(tokens: string[]): string[] {
  let k = tokens.length;
  while (k > 0 && isOneHanChar(tokens[k - 1]!)) k--;
  const run = tokens.length - k;
  if (run < 2 || run > 3) return tokens;
  return [...tokens.slice(0, k), tokens.slice(k).join('')];
}

/** Joins runs of single Han characters in a name list pairwise (「王 强 李 明」 → 王强, 李明; a run of three is one name). */
function joinPaddedNames(tokens: string[]): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const flush = (): void => {
    if (run.length === 1 && out.length > 0) out[out.length - 1] += run[0]!;
    else if (run.length === 3) out.push(run.join(''));
    else for (let k = 0; k < run.length; k += 2) out.push(run.slice(k, k + 2).join(''));
    run = [];
  };
  for (const t of tokens) {
    if (isOneHanChar(t)) run.push(t);
    else {
      flush();
      out.push(t);
    }
  }
  flush();
  return out;
}

/** 「直溪镇党委书记吴志高」 in a name list → 吴志高; a bare post (「本报记者」) → '' */
function nameOfListItem(item: string): string {
  if (item.length <= 4 && !looksLikePost(item)) return item;
  for (const len of [3, 2, 4]) {
    if (item.length <= len) continue;
    const name = item.slice(-len);
    if (looksLikePost(item.slice(0, -len), true) && looksLikeName(name)) return name;
  }
  return looksLikePost(item) ? '' : item;
}

const OPENING_PAREN = charClass('（(');
/** A full stop after a list's last name: dropped (`/[。.]$/u`) */
const LIST_ITEM_STOP = charClass('。.');

/** Splits a host/guest list: names separated by spaces, 、 ， , ； or ; — a post in brackets is dropped. */
export function splitNames(list: string): string[] {
  // 、，; separate names for sure; spaces may also pad a name, so runs between separators are joined
  return (OPENING_PAREN.inText(list) ? list.replace(/[（(][^（）()]*[）)]/gu, ' ') : list)
    .split(/[、，,；;]+/u)
    .flatMap((group) => joinPaddedNames(group.split(/[\s\u3000]+/u).filter(Boolean)))
    .map((n) => nameOfListItem(LIST_ITEM_STOP.trimEnd(n).trim()))
    .filter((n) => n.length > 0);
}

/** Whether a post ends in a bracket or a space (`/[\s（）()]$/u`), which looksLikePost drops first */
function endsInBracketOrSpace(post: string): boolean {
  const last = post.charCodeAt(post.length - 1);
  return POST_TAIL_BRACKET.has(last) || WHITE_SPACE.has(last);
}
