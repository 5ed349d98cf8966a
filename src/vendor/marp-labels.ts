// The words marp-cli's bespoke script shows (the page indicator "Page 2 of 38", the presenter view's
// buttons, tooltips and window title) in the deck's language: slides.html's own controls are Chinese
// (src/slides/bespoke.ts), so a zh deck gets Chinese throughout. A patch of marp-cli 4.5.1's
// lib/bespoke.js text: every entry must be found, else a VendorPatchError (no English left behind).
import { expectShape } from './patch';

/** [English text in lib/bespoke.js, Chinese replacement] */
export const BESPOKE_ZH: readonly (readonly [string, string])[] = [
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the script's own source text, matched as written
  ['`Page ${t+1} of ${e.slides.length}`', '`第 ${t+1} 页，共 ${e.slides.length} 页`'],
  ['"[Presenter view]"', '"[演讲者视图]"'],
  ['t.title="Close overview"', 't.title="关闭总览"'],
  ['title:"Smaller notes font size"},"Smaller notes font size"', 'title:"缩小备注字号"},"缩小备注字号"'],
  ['title:"Bigger notes font size"},"Bigger notes font size"', 'title:"放大备注字号"},"放大备注字号"'],
  ['title:"Previous"},"Previous"', 'title:"上一页"},"上一页"'],
  ['title:"Next"},"Next"', 'title:"下一页"},"下一页"'],
  ['title:"Current time"', 'title:"当前时间"'],
  ['title:"Timer"', 'title:"计时"'],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the script's own source text, matched as written
  ['`${t} is disabled due to restricted localStorage.`', '`浏览器限制了 localStorage，${t}不可用`'],
  ['e(t,"Presenter view")', 'e(t,"演讲者视图")'],
  ['e(t,"Overview view")', 'e(t,"总览")'],
];

/** The entries of BESPOKE_ZH not found in `js` (empty when the installed marp-cli matches). */
export function missingBespokeLabels(js: string): string[] {
  return BESPOKE_ZH.filter(([en]) => !js.includes(en)).map(([en]) => en);
}

const cache = new Map<string, string>();

/** The bespoke script with its labels in `lang` (Chinese for zh-*; other languages as marp-cli has them). */
export function localiseBespoke(js: string, lang: string): string {
  if (!/^zh\b/i.test(lang)) return js;
  let out = cache.get(js);
  if (out === undefined) {
    const missing = missingBespokeLabels(js);
    expectShape(missing.length === 0, '@marp-team/marp-cli', 'bespoke-labels-zh', `not found: ${missing.join(' | ')}`);
    out = js;
    for (const [en, zh] of BESPOKE_ZH) out = out.split(en).join(zh);
    cache.clear();
    cache.set(js, out);
  }
  return out;
}
