// Font collections (.ttc/.otc: Windows simsun.ttc and msyh.ttc, Noto CJK's Debian files) hold several
// faces. A role may name one (`"body": "simsun.ttc#SimSun"`); otherwise lectern takes the face made
// for Simplified Chinese, judged from the font's own data rather than from its file or face name.
import type { Font } from 'fontkit';

/** `file.ttc#Face Name` → the file and the face asked for (only after a font file's extension). */
export function splitFontSpec(spec: string): { file: string; face?: string } {
  const m = /^(.*\.(?:ttc|otc|ttf|otf))#(.+)$/i.exec(spec);
  return m ? { file: m[1]!, face: m[2]!.trim() } : { file: spec };
}

interface NameInternals {
  name?: { records?: Record<string, Record<string, string> | undefined> };
  'OS/2'?: { codePageRange?: number[] };
}

/** Every name a face answers to: PostScript, full and family names, in all their languages. */
export function faceNames(face: Font): string[] {
  const records = (face as unknown as NameInternals).name?.records ?? {};
  const names = new Set<string>([face.postscriptName, face.fullName, face.familyName].filter(Boolean));
  for (const key of ['fontFamily', 'fullName', 'postscriptName', 'preferredFamily', 'compatibleFullName']) {
    for (const v of Object.values(records[key] ?? {})) if (v) names.add(v);
  }
  return [...names];
}

/** Languages of the face's name records as fontkit reports them (`zh` for PRC, `zh-TW`, `ja`…). */
function nameLanguages(face: Font): Set<string> {
  const records = (face as unknown as NameInternals).name?.records ?? {};
  const langs = new Set<string>();
  for (const byLang of Object.values(records)) for (const l of Object.keys(byLang ?? {})) langs.add(l);
  return langs;
}

/** OS/2 ulCodePageRange1 bit 18: Chinese Simplified (GB 2312, code page 936). */
const CODE_PAGE_GB2312 = 1 << 18;
const SIMPLIFIED_LANGS = ['zh', 'zh-CN', 'zh-SG', 'zh-Hans'];
const OTHER_CJK_LANGS = ['ja', 'ko', 'zh-TW', 'zh-HK', 'zh-MO'];

/**
 * How well a face suits Simplified Chinese text: names in a PRC/Singapore language (Windows language
 * ids 0x0804/0x1004) weigh most, then the GB 2312 code page bit, then a family or PostScript name
 * marked SC/CN/GB/Hans (any case: Noto's are `NotoSerifCJKsc-Regular`); names only in Japanese,
 * Korean or Traditional Chinese count against.
 */
export function simplifiedChineseScore(face: Font): number {
  const langs = nameLanguages(face);
  let score = 0;
  if (SIMPLIFIED_LANGS.some((l) => langs.has(l))) score += 4;
  else if (OTHER_CJK_LANGS.some((l) => langs.has(l))) score -= 4;
  const cp = (face as unknown as NameInternals)['OS/2']?.codePageRange?.[0] ?? 0;
  if (cp & CODE_PAGE_GB2312) score += 2;
  if (faceNames(face).some((n) => /(?:^|[^a-z])(?:sc|cn|gb|hans)(?:$|[^a-z])|cjksc|cjk sc/i.test(n))) score += 1;
  return score;
}

/**
 * The index of the face to use: the one named (by any of its names, ignoring case), else the best
 * for Simplified Chinese (the first of equals, as a collection lists its main face first).
 * Returns -1 when a named face is not there.
 */
export function chooseFace(faces: Font[], wanted?: string): number {
  if (wanted) {
    const w = wanted.toLowerCase();
    return faces.findIndex((f) => faceNames(f).some((n) => n.toLowerCase() === w));
  }
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  faces.forEach((f, i) => {
    const s = simplifiedChineseScore(f);
    if (s > bestScore) {
      best = i;
      bestScore = s;
    }
  });
  return best;
}
