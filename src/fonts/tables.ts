// Direct reads of a font's cmap, hmtx, GDEF, GSUB and GPOS tables from the bytes fontkit already holds.
// fontkit decodes these tables through generic struct readers: on a cold process its first `layout()`
// costs ~25 ms a font (GSUB/GPOS parse) and its cmap lookups ~1 µs each through lazy arrays. The
// typesetter and the slide planner only need three facts for most characters — glyph id, advance, and
// whether any OpenType feature applied by default could change either — and these are table lookups.
import type { Font } from 'fontkit';
import { rawFontData, type TableDirectory } from '../vendor/fontkit';

/**
 * The features fontkit's default shaper (used for `hani` and `latn`) applies without being asked
 * (fontkit 2 DefaultShaper: variation, directional, fractional, common and horizontal features).
 */
const DEFAULT_FEATURES = new Set([
  'rvrn',
  'ltra',
  'ltrm',
  'frac',
  'numr',
  'dnom',
  'ccmp',
  'locl',
  'rlig',
  'mark',
  'mkmk',
  'calt',
  'clig',
  'liga',
  'rclt',
  'curs',
  'kern',
]);
/** fontkit applies frac/numr/dnom only around a fraction slash (U+2044, never shaped here). */
const isGlobalDefault = (tag: string) =>
  DEFAULT_FEATURES.has(tag) && tag !== 'frac' && tag !== 'numr' && tag !== 'dnom';

/** A glyph of a shaped run: id, the code points it stands for, advance in font units. */
export interface ShapedRun {
  id: number;
  codePoints: number[];
  advance: number;
}

/** fontkit's script fallback when the requested script is not in the font. */
const DEFAULT_SCRIPTS = ['DFLT', 'dflt', 'latn'];

/** A single-glyph positioning adjustment in font units. */
export interface GlyphAdjustment {
  xPlacement: number;
  xAdvance: number;
}

export class FontTables {
  private readonly view: DataView;
  private readonly tables: TableDirectory;
  readonly unitsPerEm: number;
  private readonly glyphCache = new Map<number, number>();
  private cmapLookup: ((cp: number) => number) | undefined;
  private advances: ((gid: number) => number) | undefined;
  /** Glyphs a default feature may touch, by script then language (no key string built per call). */
  private readonly touched = new Map<string, Map<string, Set<number> | null>>();
  private markClass: ((gid: number) => boolean) | undefined;

  /**
   * `font`: fontkit's font of these bytes, for what the tables here do not answer (no hmtx, a cmap
   * format not read here); made only then when the reader was made from the file (`fromFile`)
   */
  private constructor(
    private readonly font: () => Font,
    buf: Uint8Array,
    tables: TableDirectory,
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.tables = tables;
    const head = this.table('head');
    this.unitsPerEm = head !== undefined ? this.u16(head + 18) : font().unitsPerEm;
  }

  private static cache = new WeakMap<Font, FontTables>();

  /** The tables of `font` (one reader per font object, built lazily). */
  static of(font: Font): FontTables {
    let t = FontTables.cache.get(font);
    if (!t) {
      const { buffer, tables } = rawFontData(font);
      t = new FontTables(() => font, buffer, tables);
      FontTables.cache.set(font, t);
    }
    return t;
  }

  /**
   * The tables of a font file's bytes and table directory, read before (or without) fontkit's parse:
   * `font` parses it, if ever needed (see the constructor). src/fonts/index.ts loadFont.
   */
  static fromFile(bytes: Uint8Array, tables: TableDirectory, font: () => Font): FontTables {
    return new FontTables(font, bytes, tables);
  }

  /** `of(font)` gives `tables` from now on: the reader made from the same bytes before fontkit parsed them. */
  static adopt(font: Font, tables: FontTables): void {
    FontTables.cache.set(font, tables);
  }

  private table(tag: string): number | undefined {
    const t = this.tables[tag];
    return t && t.offset + t.length <= this.view.byteLength ? t.offset : undefined;
  }

  private u16(o: number): number {
    return this.view.getUint16(o);
  }

  // ─── cmap + hmtx ───────────────────────────────────────────────────────────────────────────────

  /** Glyph id for a code point (0 if the font has none), as fontkit's `glyphForCodePoint(cp).id`. */
  glyphId(cp: number): number {
    let id = this.glyphCache.get(cp);
    if (id === undefined) {
      if (!this.cmapLookup) this.cmapLookup = this.buildCmap();
      id = this.cmapLookup(cp);
      this.glyphCache.set(cp, id);
    }
    return id;
  }

  /** A glyph's advance in em from `hmtx` (fontkit's glyph.advanceWidth also decodes the outline). */
  advance(gid: number): number {
    return this.advanceUnits(gid) / this.unitsPerEm;
  }

  /** A glyph's advance in font units. */
  advanceUnits(gid: number): number {
    if (!this.advances) this.advances = this.buildAdvances();
    return this.advances(gid);
  }

  private buildAdvances(): (gid: number) => number {
    const hmtx = this.table('hmtx');
    const hhea = this.table('hhea');
    if (hmtx !== undefined && hhea !== undefined) {
      const count = this.u16(hhea + 34);
      if (count > 0 && hmtx + count * 4 <= this.view.byteLength) {
        const last = this.u16(hmtx + (count - 1) * 4);
        return (gid) => (gid < count ? this.u16(hmtx + gid * 4) : last);
      }
    }
    return (gid) => this.font().getGlyph(gid).advanceWidth;
  }

  /** The same subtable fontkit's CmapProcessor picks; formats 4 and 12 read here, others via fontkit. */
  private buildCmap(): (cp: number) => number {
    const fallback = (cp: number) => this.font().glyphForCodePoint(cp).id;
    const cmap = this.table('cmap');
    if (cmap === undefined) return fallback;
    const n = this.u16(cmap + 2);
    const records: { platform: number; encoding: number; offset: number }[] = [];
    for (let i = 0; i < n; i++) {
      const r = cmap + 4 + i * 8;
      records.push({ platform: this.u16(r), encoding: this.u16(r + 2), offset: cmap + this.view.getUint32(r + 4) });
    }
    const order = [
      [3, 10],
      [0, 6],
      [0, 4],
      [3, 1],
      [0, 3],
      [0, 2],
      [0, 1],
      [0, 0],
    ];
    let sub: number | undefined;
    for (const [p, e] of order) {
      sub = records.find((r) => r.platform === p && r.encoding === e)?.offset;
      if (sub !== undefined) break;
    }
    if (sub === undefined) return fallback;
    const format = this.u16(sub);
    const v = this.view;
    if (format === 12) {
      const groups = v.getUint32(sub + 12);
      const base = sub + 16;
      return (cp) => {
        let lo = 0;
        let hi = groups - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const g = base + mid * 12;
          if (cp < v.getUint32(g)) hi = mid - 1;
          else if (cp > v.getUint32(g + 4)) lo = mid + 1;
          else return v.getUint32(g + 8) + (cp - v.getUint32(g));
        }
        return 0;
      };
    }
    if (format === 4) {
      const segCount = this.u16(sub + 6) / 2;
      const ends = sub + 14;
      const starts = ends + segCount * 2 + 2;
      const deltas = starts + segCount * 2;
      const rangeOffsets = deltas + segCount * 2;
      return (cp) => {
        let lo = 0;
        let hi = segCount - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const start = v.getUint16(starts + mid * 2);
          if (cp < start) hi = mid - 1;
          else if (cp > v.getUint16(ends + mid * 2)) lo = mid + 1;
          else {
            const ro = v.getUint16(rangeOffsets + mid * 2);
            const delta = v.getUint16(deltas + mid * 2);
            if (ro === 0) return (cp + delta) & 0xffff;
            const at = rangeOffsets + mid * 2 + ro + (cp - start) * 2;
            const gid = at + 2 <= v.byteLength ? v.getUint16(at) : 0;
            return gid === 0 ? 0 : (gid + delta) & 0xffff;
          }
        }
        return 0;
      };
    }
    return fallback;
  }

  // ─── what OpenType layout may change ─────────────────────────────────────────────────────────────

  /**
   * Whether shaping `gid` with fontkit's default features could differ from its cmap glyph and hmtx
   * advance when shaped in `script` / `language` (chosen as fontkit chooses them): the glyph is in the
   * (first-input) coverage of a lookup of a default feature in GSUB or GPOS, or is a mark (fontkit
   * zeroes mark advances). A lookup can only act at a glyph its coverage holds, so a run of untouched
   * glyphs shapes to exactly its cmap glyphs and hmtx advances. Tables this reader does not handle
   * count as touching every glyph.
   */
  mayShape(gid: number, script: string, language = ''): boolean {
    let byLanguage = this.touched.get(script);
    if (byLanguage === undefined) this.touched.set(script, (byLanguage = new Map()));
    let touched = byLanguage.get(language);
    if (touched === undefined) byLanguage.set(language, (touched = this.buildTouched(script, language)));
    if (touched === null) return true;
    if (!this.markClass) this.markClass = this.buildMarkClass();
    return touched.has(gid) || this.markClass(gid);
  }

  private buildMarkClass(): (gid: number) => boolean {
    const gdef = this.table('GDEF');
    if (gdef === undefined) return () => false;
    const off = this.u16(gdef + 4);
    if (off === 0) return () => false;
    return (gid) => this.classOf(gdef + off, gid) === 3;
  }

  private classOf(classDef: number, gid: number): number {
    const format = this.u16(classDef);
    if (format === 1) {
      const first = this.u16(classDef + 2);
      const count = this.u16(classDef + 4);
      return gid >= first && gid < first + count ? this.u16(classDef + 6 + (gid - first) * 2) : 0;
    }
    if (format === 2) {
      const count = this.u16(classDef + 2);
      let lo = 0;
      let hi = count - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const r = classDef + 4 + mid * 6;
        if (gid < this.u16(r)) hi = mid - 1;
        else if (gid > this.u16(r + 2)) lo = mid + 1;
        else return this.u16(r + 4);
      }
    }
    return 0;
  }

  private addCoverage(set: Set<number>, coverage: number): boolean {
    const format = this.u16(coverage);
    if (format === 1) {
      const count = this.u16(coverage + 2);
      for (let i = 0; i < count; i++) set.add(this.u16(coverage + 4 + i * 2));
      return true;
    }
    if (format === 2) {
      const count = this.u16(coverage + 2);
      for (let i = 0; i < count; i++) {
        const r = coverage + 4 + i * 6;
        for (let g = this.u16(r), end = this.u16(r + 2); g <= end; g++) set.add(g);
      }
      return true;
    }
    return false;
  }

  /** Lookup indices, ascending, of the features `accept`ed in the language system fontkit selects. */
  private lookupsOfFeatures(
    base: number,
    script: string,
    language: string,
    accept: (tag: string) => boolean,
  ): number[] {
    const langSys = this.selectLangSys(base, script, language);
    if (langSys === null) return [];
    const featureList = base + this.u16(base + 6);
    // As fontkit: the language system's features (not its required feature), the last one of a tag wins.
    const byTag = new Map<string, number>();
    for (let i = 0, n = this.u16(langSys + 4); i < n; i++) {
      const r = featureList + 2 + this.u16(langSys + 6 + i * 2) * 6;
      byTag.set(this.tag(r), featureList + this.u16(r + 4));
    }
    // A lookup in two accepted features runs twice, as in fontkit.
    const out: number[] = [];
    for (const [tag, feature] of byTag) {
      if (!accept(tag)) continue;
      for (let k = 0, n = this.u16(feature + 2); k < n; k++) out.push(this.u16(feature + 4 + k * 2));
    }
    return out.sort((a, b) => a - b);
  }

  private tag(o: number): string {
    return String.fromCharCode(
      this.view.getUint8(o),
      this.view.getUint8(o + 1),
      this.view.getUint8(o + 2),
      this.view.getUint8(o + 3),
    );
  }

  /** Subtables of lookup `index` as [type, offset], extension lookups resolved. */
  private subtables(base: number, index: number, extensionType: number): [number, number][] {
    const lookupList = base + this.u16(base + 8);
    const lookup = lookupList + this.u16(lookupList + 2 + index * 2);
    const type = this.u16(lookup);
    const n = this.u16(lookup + 4);
    const out: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      const sub = lookup + this.u16(lookup + 6 + i * 2);
      if (type === extensionType) out.push([this.u16(sub + 2), sub + this.view.getUint32(sub + 4)]);
      else out.push([type, sub]);
    }
    return out;
  }

  /** The coverage tables that decide where a subtable can act (the first input glyph's; for mark
   * attachment both the mark's and the base's). */
  private coverages(tag: 'GSUB' | 'GPOS', type: number, sub: number): number[] {
    const [context, chain] = tag === 'GSUB' ? [5, 6] : [7, 8];
    if ((type === context || type === chain) && this.u16(sub) === 3) {
      const at = type === context ? sub + 6 : sub + 4 + this.u16(sub + 2) * 2 + 2;
      return [sub + this.u16(at)];
    }
    if (tag === 'GPOS' && type >= 4 && type <= 6) return [sub + this.u16(sub + 2), sub + this.u16(sub + 4)];
    return [sub + this.u16(sub + 2)];
  }

  private covers(tag: 'GSUB' | 'GPOS', type: number, sub: number, gid: number): boolean {
    return this.coverages(tag, type, sub).some((c) => this.coverageIndex(c, gid) >= 0);
  }

  private buildTouched(script: string, language: string): Set<number> | null {
    const set = new Set<number>();
    try {
      for (const [tag, ext] of [
        ['GSUB', 7],
        ['GPOS', 9],
      ] as const) {
        const base = this.table(tag);
        if (base === undefined) continue;
        // FeatureVariations (OpenType 1.1) can swap feature tables: not read here, so shape everything.
        if (this.u16(base + 2) >= 1 && this.view.getUint32(base + 10) !== 0) return null;
        for (const index of new Set(this.lookupsOfFeatures(base, script, language, (t) => DEFAULT_FEATURES.has(t)))) {
          for (const [type, sub] of this.subtables(base, index, ext)) {
            for (const c of this.coverages(tag, type, sub)) if (!this.addCoverage(set, c)) return null;
          }
        }
      }
    } catch {
      return null; // a malformed table: let fontkit shape everything
    }
    return set;
  }

  // ─── shaping the simple cases ──────────────────────────────────────────────────────────────────

  /**
   * Shapes a run as fontkit's default shaper does when the only default lookups that reach its glyphs
   * are single and ligature substitutions and single and pair positioning (the —— ligature and ZHS
   * forms, Latin kerning, tabular digits), all without lookup flags. Null whenever anything else could
   * act (another lookup type, a flag, a mark): then fontkit shapes the run.
   */
  shapeRun(codePoints: number[], script: string, language = ''): ShapedRun[] | null {
    try {
      const run: ShapedRun[] = codePoints.map((cp) => ({ id: this.glyphId(cp), codePoints: [cp], advance: 0 }));
      if (!this.markClass) this.markClass = this.buildMarkClass();
      if (run.some((g) => this.markClass!(g.id))) return null;
      const gsub = this.table('GSUB');
      if (gsub !== undefined) {
        if (this.u16(gsub + 2) >= 1 && this.view.getUint32(gsub + 10) !== 0) return null;
        for (const index of this.lookupsOfFeatures(gsub, script, language, isGlobalDefault)) {
          const { flags, subtables } = this.lookup(gsub, index, 7);
          for (let i = 0; i < run.length; i++) {
            for (const [type, sub] of subtables) {
              const format = this.u16(sub);
              const simple = (type === 1 && (format === 1 || format === 2)) || (type === 4 && format === 1);
              if (!simple) {
                if (this.covers('GSUB', type, sub, run[i]!.id)) return null;
                continue;
              }
              const cov = this.coverageIndex(sub + this.u16(sub + 2), run[i]!.id);
              if (cov < 0) continue;
              if (flags & 0xfffe) return null;
              if (type === 1) {
                const g = run[i]!;
                g.id = format === 1 ? (g.id + this.view.getInt16(sub + 4)) & 0xffff : this.u16(sub + 6 + cov * 2);
                break;
              }
              if (this.ligate(run, i, sub + this.u16(sub + 6 + cov * 2))) break;
            }
          }
        }
        if (run.some((g) => this.markClass!(g.id))) return null;
      }
      for (const g of run) g.advance = this.advanceUnits(g.id);
      const gpos = this.table('GPOS');
      if (gpos === undefined) return run;
      if (this.u16(gpos + 2) >= 1 && this.view.getUint32(gpos + 10) !== 0) return null;
      for (const index of this.lookupsOfFeatures(gpos, script, language, isGlobalDefault)) {
        const { flags, subtables } = this.lookup(gpos, index, 9);
        for (let i = 0; i < run.length; i++) {
          for (const [type, sub] of subtables) {
            const g = run[i]!;
            const format = this.u16(sub);
            if ((type !== 1 && type !== 2) || (format !== 1 && format !== 2)) {
              // Mark attachment and the rest: fine as long as no glyph of the run is covered.
              if (this.covers('GPOS', type, sub, g.id)) return null;
              continue;
            }
            const cov = this.coverageIndex(sub + this.u16(sub + 2), g.id);
            if (cov < 0) continue;
            if (flags & 0xfffe) return null;
            const vf1 = this.u16(sub + 4);
            if (type === 1) {
              const record = format === 1 ? sub + 6 : sub + 8 + cov * this.valueRecordSize(vf1);
              g.advance += this.readValue(record, vf1).xAdvance;
              break;
            }
            const next = run[i + 1];
            if (!next) continue;
            const vf2 = this.u16(sub + 6);
            const size1 = this.valueRecordSize(vf1);
            let record: number | undefined;
            if (format === 1) {
              const set = sub + this.u16(sub + 10 + cov * 2);
              const stride = 2 + size1 + this.valueRecordSize(vf2);
              for (let k = 0, n = this.u16(set); k < n; k++) {
                if (this.u16(set + 2 + k * stride) === next.id) {
                  record = set + 2 + k * stride + 2;
                  break;
                }
              }
              if (record === undefined) continue;
            } else {
              const c1 = this.classOf(sub + this.u16(sub + 8), g.id);
              const c2 = this.classOf(sub + this.u16(sub + 10), next.id);
              if (c1 >= this.u16(sub + 12) || c2 >= this.u16(sub + 14)) return null;
              record = sub + 16 + (c1 * this.u16(sub + 14) + c2) * (size1 + this.valueRecordSize(vf2));
            }
            g.advance += this.readValue(record, vf1).xAdvance;
            next.advance += this.readValue(record + size1, vf2).xAdvance;
            break;
          }
        }
      }
      return run;
    } catch {
      return null;
    }
  }

  /** Ligature substitution at run[i] from the LigatureSet at `set`; whether one applied. */
  private ligate(run: ShapedRun[], i: number, set: number): boolean {
    for (let k = 0, n = this.u16(set); k < n; k++) {
      const lig = set + this.u16(set + 2 + k * 2);
      const count = this.u16(lig + 2);
      if (i + count > run.length) continue;
      let match = true;
      for (let m = 1; m < count && match; m++) match = run[i + m]!.id === this.u16(lig + 4 + (m - 1) * 2);
      if (!match) continue;
      const parts = run.splice(i, count, { id: this.u16(lig), codePoints: [], advance: 0 });
      run[i]!.codePoints = parts.flatMap((p) => p.codePoints);
      return true;
    }
    return false;
  }

  private lookup(base: number, index: number, extensionType: number): { flags: number; subtables: [number, number][] } {
    const lookupList = base + this.u16(base + 8);
    const lookup = lookupList + this.u16(lookupList + 2 + index * 2);
    return { flags: this.u16(lookup + 2), subtables: this.subtables(base, index, extensionType) };
  }

  // ─── halt ────────────────────────────────────────────────────────────────────────────────────────

  /**
   * The sum of the single-glyph adjustments the GPOS feature `feature` makes to `gid` in `script` /
   * `language`, chosen as fontkit chooses them. Null when the answer needs a real shaper (a lookup
   * that is not single positioning, or tables this reader does not handle).
   */
  singleAdjustment(gid: number, feature: string, script: string, language: string): GlyphAdjustment | null {
    const base = this.table('GPOS');
    if (base === undefined) return { xPlacement: 0, xAdvance: 0 };
    try {
      if (this.u16(base + 2) >= 1 && this.view.getUint32(base + 10) !== 0) return null;
      const result = { xPlacement: 0, xAdvance: 0 };
      for (const index of this.lookupsOfFeatures(base, script, language, (t) => t === feature)) {
        for (const [type, sub] of this.subtables(base, index, 9)) {
          if (type !== 1) return null;
          const cov = this.coverageIndex(sub + this.u16(sub + 2), gid);
          if (cov < 0) continue;
          const format = this.u16(sub);
          const valueFormat = this.u16(sub + 4);
          const size = this.valueRecordSize(valueFormat);
          const record = format === 1 ? sub + 6 : sub + 8 + cov * size;
          const v = this.readValue(record, valueFormat);
          result.xPlacement += v.xPlacement;
          result.xAdvance += v.xAdvance;
          break; // a lookup applies its first matching subtable only
        }
      }
      return result;
    } catch {
      return null;
    }
  }

  private selectLangSys(base: number, script: string, language: string): number | null {
    const scriptList = base + this.u16(base + 4);
    const n = this.u16(scriptList);
    const find = (t: string) => {
      for (let i = 0; i < n; i++) {
        const r = scriptList + 2 + i * 6;
        if (this.tag(r) === t) return scriptList + this.u16(r + 4);
      }
      return undefined;
    };
    let s = find(script);
    for (const t of DEFAULT_SCRIPTS) s ??= find(t);
    if (s === undefined) return null;
    for (let i = 0, m = this.u16(s + 2); i < m; i++) {
      const r = s + 4 + i * 6;
      if (this.tag(r) === language) return s + this.u16(r + 4);
    }
    const dflt = this.u16(s);
    return dflt === 0 ? null : s + dflt;
  }

  private coverageIndex(coverage: number, gid: number): number {
    const format = this.u16(coverage);
    if (format === 1) {
      let lo = 0;
      let hi = this.u16(coverage + 2) - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const g = this.u16(coverage + 4 + mid * 2);
        if (gid < g) hi = mid - 1;
        else if (gid > g) lo = mid + 1;
        else return mid;
      }
      return -1;
    }
    if (format === 2) {
      let lo = 0;
      let hi = this.u16(coverage + 2) - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const r = coverage + 4 + mid * 6;
        if (gid < this.u16(r)) hi = mid - 1;
        else if (gid > this.u16(r + 2)) lo = mid + 1;
        else return this.u16(r + 4) + gid - this.u16(r);
      }
      return -1;
    }
    throw new Error(`coverage format ${format}`);
  }

  private valueRecordSize(format: number): number {
    let n = 0;
    for (let bit = 0; bit < 8; bit++) if (format & (1 << bit)) n += 2;
    return n;
  }

  private readValue(record: number, format: number): GlyphAdjustment {
    let o = record;
    let xPlacement = 0;
    let xAdvance = 0;
    if (format & 1) (xPlacement = this.view.getInt16(o)), (o += 2);
    if (format & 2) o += 2;
    if (format & 4) (xAdvance = this.view.getInt16(o)), (o += 2);
    return { xPlacement, xAdvance };
  }
}
