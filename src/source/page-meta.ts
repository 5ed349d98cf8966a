// Lines a web page or newspaper adds around a text: metadata (来源/时间/编辑…, URLs, time stamps, page
// labels, photo captions, source notes) and date/occasion lines. Recognised on a line's probe text
// (punctuation already full-width). Shapes and examples: src/source/README.md.
import { HAN, hanRegExp } from '../cjk';
import { charClass, DIGIT } from './char-class';

/** `来源：…`, `责任编辑：…`: the labels of page metadata (a value may follow, or come on the next line) */
const META_LABEL_RE =
  /^[（(]?(来源|作者|时间|发布时间|上传时间|更新时间|发表时间|编辑|责任编辑|编审|审核|校对|供稿|通讯员|摄影|图片来源|原标题|稿源|出处|浏览次数|点击数|阅读量)\s*[：:]\s*(.*?)[）)]?$/u;
/** What META_LABEL_RE's line can start with: a bracket or a label's first character (char-class.ts) */
const META_LABEL_START = charClass('（(来作时发上更编责审校供通摄图原稿出浏点阅');
/** A time stamp and a newspaper's dated page label start with a year of four digits */
const startsWithYear = (text: string): boolean => DIGIT.leadingCount(text, 4) === 4;
/** A bare time stamp: `2026-01-31 07:00:44`, `2021-02-20 佤邦之音`, `2026年02月10日 07时41分` */
const STAMP_RE =
  /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?(?:\s+\S{1,16})?|\d{4}年\d{1,2}月\d{1,2}日\s*\d{1,2}[时:：]\d{1,2}分?(?:\s+\S{1,16})?)$/u;
/** A newspaper page label: `1977年12月31日人民日报 第2版`, `第2版()`, `专栏:` */
const PAGE_LABEL_RE = /^(?:\d{4}年\d{1,2}月\d{1,2}日\S{0,12}\s*第\d+版|第\d+版\s*(?:[（(][^）)]*[）)])?|专栏[：:]?)$/u;
/** What PAGE_LABEL_RE's line starts with: a year and 年, 第 and a digit, or 专栏 */
const mayBePageLabel = (text: string): boolean =>
  (startsWithYear(text) && text.startsWith('年', 4)) ||
  (text.startsWith('第') && DIGIT.has(text.charCodeAt(1))) ||
  text.startsWith('专栏');
/** A photo caption: `图为吹风会现场。中国网 郑亮 摄`, `…湖南日报全媒体记者 刘尚文 摄` (a name, then 摄) */
const CAPTION_RE = hanRegExp(String.raw`(?:\s|记者)${HAN}{2,4}\s*摄$`, 'u');
/** The starts of a short photo caption: `/^(?:图为|图片：|图：)/u` */
const SHORT_CAPTION_STARTS = ['图为', '图片：', '图：'];
/** A source note: `（《毛泽东选集》第五卷，人民出版社1977年版）` */
const SOURCE_NOTE_RE = /^[（(]\s*(?:摘自|选自|来源：|原载|载)?\s*《[^》]+》[^（）()]*[）)]$/u;
const OPENING_PAREN = charClass('（(');
/** Page chrome pasted with the text: a breadcrumb (`当前位置：…`, `首页 > …`), a site's name (`三味园范文网`,
 * `笔杆子素材库 首页`), a short date with the site (`10-28 笔杆子素材库`). Only site-like endings, since a
 * short heading may end in 网 (「织密基层治理网」). */
const SITE_NAMES = ['范文网', '素材库', '文库', '新闻网', '资讯网', '门户网', '范文大全'];
const SITE = String.raw`\S{0,12}(?:${SITE_NAMES.join('|')})`;
const SITE_RE = new RegExp(
  String.raw`^(?:当前位置[：:].*|首页\s*[>＞›»].*|${SITE}(?:\s*首页)?|\d{1,2}-\d{1,2}\s+${SITE})$`,
  'u',
);
/** What SITE_RE's line has: a breadcrumb's start or a site's name */
const mayBeSite = (text: string): boolean =>
  text.startsWith('当前位置') || text.startsWith('首页') || SITE_NAMES.some((name) => text.includes(name));
/** An editor's line above a title: `现将讲话摘登如下，请认真学习。` */
const EDITOR_LINE_RE = /(?:摘登|刊发|全文|现将|予以)[^。]{0,20}如下[，,。：:]?(?:[^。]{0,16}[。！])?$/u;
/** The http(s) scheme's first letter: `/^https?:\/\//iu` (no other character folds to h) */
const URL_START = charClass('hH');

/** What a metadata line is; `byline`, `repeated title`, `kicker` (引题) and `occasion` come from the title block */
export type MetaLabel =
  | 'source'
  | 'time'
  | 'editor'
  | 'author'
  | 'url'
  | 'site'
  | 'page'
  | 'caption'
  | 'note'
  | 'editor-line'
  | 'byline'
  | 'repeated title'
  | 'kicker'
  | 'occasion'
  | 'series';

const LABELS: Record<string, MetaLabel> = {
  来源: 'source',
  稿源: 'source',
  出处: 'source',
  原标题: 'source',
  图片来源: 'source',
  作者: 'author',
  通讯员: 'author',
  供稿: 'author',
  摄影: 'author',
  编辑: 'editor',
  责任编辑: 'editor',
  编审: 'editor',
  审核: 'editor',
  校对: 'editor',
};

/** What kind of page metadata a line is, or null. `时间：…地点：…` is an occasion (see dateOfLine), not metadata. */
export function metaOfLine(text: string): { label: MetaLabel; value: string } | null {
  // each expression tried only on a line that starts (or ends, or has) what it needs: char-class.ts
  if (URL_START.atStart(text) && /^https?:\/\//iu.test(text)) return { label: 'url', value: text };
  const m = META_LABEL_START.atStart(text) ? META_LABEL_RE.exec(text) : null;
  if (m && !/地点[：:]/u.test(text)) return { label: LABELS[m[1]!] ?? 'time', value: m[2]!.trim() };
  if (startsWithYear(text) && STAMP_RE.test(text)) return { label: 'time', value: text };
  if (text.length <= 40 && mayBeSite(text) && SITE_RE.test(text)) return { label: 'site', value: text };
  if (mayBePageLabel(text) && PAGE_LABEL_RE.test(text)) return { label: 'page', value: text };
  // 摄 looked for first: CAPTION_RE, its Han class repeated, costs ~1 ms to compile on a cold start
  if (
    (text.length <= 150 && text.endsWith('摄') && CAPTION_RE().test(text)) ||
    (text.length <= 60 && SHORT_CAPTION_STARTS.some((start) => text.startsWith(start)))
  )
    return { label: 'caption', value: text };
  if (text.length <= 80 && OPENING_PAREN.atStart(text) && SOURCE_NOTE_RE.test(text))
    return { label: 'note', value: text };
  return null;
}

/** An editor's line that introduces the text (only above the title) */
export function isEditorLine(text: string): boolean {
  return text.length <= 60 && text.includes('如下') && EDITOR_LINE_RE.test(text);
}

const YEAR = String.raw`(?:\d{4}|[一二三四五六七八九〇零○]{4})\s*年`;
/** 「2024年3月5日」「一九五六年三月」「一九五三年十月十五日、十一月四日」, optionally 「在……会议上」 */
const DATE_RE = new RegExp(
  String.raw`^${YEAR}(?:\s*[\d一二三四五六七八九十]{1,3}\s*月(?:\s*[\d一二三四五六七八九十]{1,3}\s*[日号])?(?:[、，至—-][\d一二三四五六七八九十月日号]{2,8})*)?(?:在.{2,60})?$`,
  'u',
);
/** DATE_RE's year: four digits or four Chinese numerals (YEAR) */
const YEAR_NUMERAL = charClass('一二三四五六七八九〇零○');
const startsWithDateYear = (text: string): boolean => startsWithYear(text) || YEAR_NUMERAL.leadingCount(text, 4) === 4;
/** 「（时间：……　地点：……）」 */
const TIME_PLACE_RE = /^(?:时\s*间)[：:].{1,80}地\s*点[：:].{1,80}$/u;
/** The dashes a date line may start with, and the brackets it may stand in */
const DATE_DASH = charClass('—–―-');
const CLOSING_PAREN = charClass('）)');
/** What rules a line out as a date: a sentence mark (`/[。！？；]/u`) */
const DATE_SENTENCE_MARK = charClass('。！？；');

/**
 * The date or occasion a line states, without brackets or leading dashes, or null:
 * 「（2024年3月5日）」, 「（一九五六年三月）」, 「——2025年3月8日在……会议上」, 「（时间：……　地点：……）」.
 */
export function dateOfLine(text: string): string | null {
  const undashed = DATE_DASH.atStart(text) ? text.replace(/^[—–―-]{1,2}\s*/u, '') : text;
  const inner = (
    OPENING_PAREN.atStart(undashed) && CLOSING_PAREN.atEnd(undashed)
      ? undashed.replace(/^[（(]\s*(.*?)\s*[）)]$/u, '$1')
      : undashed
  ).trim();
  if (inner.length === 0 || inner.length > 90) return null;
  if (DATE_SENTENCE_MARK.inText(inner)) return null;
  if (inner.startsWith('时') && TIME_PLACE_RE.test(inner)) return inner;
  return startsWithDateYear(inner) && DATE_RE.test(inner) ? inner : null;
}

/** An occasion cut by a line wrap: 「——2026年1月26日在广东省第十四届」 continues on the next line */
export function occasionContinues(date: string): boolean {
  return date.includes('在') && !/(?:上|会|期间|时|式)$/u.test(date);
}
