// Font configuration and loading. Each font file is read and parsed once per process and shared by
// every stage that measures or embeds it (the typesetter, the PDF writer, the slide planner, the web font).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';
import { registerCache } from '../cache';
import { LecternError } from '../errors';
import { resolveAsset } from '../paths';
import { rawFontData, seedLoca } from '../vendor/fontkit';
import { plainFamilyName, plainTrueTypeFont } from '../vendor/pdfkit-font';
import { chooseFace, splitFontSpec } from './collection';
import { adoptFontFile, readFontFile, type FontFileBytes } from './lazy-file';
import { collectionFace, collectionFaceOffsets, readTableDirectory } from './sfnt';
import { FontTables } from './tables';

export { splitFontSpec } from './collection';
import { validateFont } from './validate';

export type FontRole = 'body' | 'bodyBold' | 'heading' | 'sans' | 'slides' | 'slidesBold';
export const FONT_ROLES: readonly FontRole[] = ['body', 'bodyBold', 'heading', 'sans', 'slides', 'slidesBold'];

export interface FontConfig {
  /** The configuration file these paths came from */
  file: string;
  /** Absolute path of the font file serving each role */
  roles: Record<FontRole, string>;
  /** Absolute paths of fallback fonts, tried in order for characters a role's font lacks */
  fallback: string[];
}

export interface LoadedFont {
  /** Absolute path of the file, with `#Face` for a face of a collection named in the configuration */
  path: string;
  /** The face used when the file is a collection (.ttc/.otc) */
  face?: { index: number; name: string };
  /**
   * The font's identity for caches: its path and the generation of the bytes read from it. A font file
   * read again (watch, after a change) gets a new key, so nothing cached for the old one is reused.
   */
  key: string;
  /**
   * The parsed font; the very object pdfkit embeds and the typesetter measures (a TrueType font is
   * parsed by fontkit on first use: see loadFont)
   */
  readonly font: Font;
  /** The font's cmap, metrics and layout tables read from its bytes: what measuring and subsetting need */
  readonly tables: FontTables;
  /**
   * What pdfkit embeds (`registerFont`): for a single TrueType font lectern's stand-in for fontkit's
   * font, read from the bytes (src/vendor/pdfkit-font.ts), so that the handout needs no fontkit parse;
   * otherwise — and where the stand-in could differ from fontkit — `font` itself
   */
  readonly embeddable: object;
  /** The font's family name, as fontkit's `familyName` (the pptx's font face) */
  readonly familyName: string;
  /** The raw bytes (for web-font subsetting); outlines only after `ensureGlyphs` */
  bytes: Buffer;
  /** Reads these glyphs' outlines (and their composite parts) into `bytes`: call before copying outlines */
  ensureGlyphs(ids: Iterable<number>): void;
  /** The face as a standalone font file: `bytes` itself, or the face copied out of a collection */
  sfnt(): Buffer;
}

const require = createRequire(import.meta.url);

/** A font spec of the configuration → an absolute path, keeping a `#Face` suffix (see splitFontSpec). */
function resolveFontPath(spec: string, configFile: string): string {
  const { file, face } = splitFontSpec(spec);
  const path = resolveFontFile(file, configFile);
  return face ? `${path}#${face}` : path;
}

function resolveFontFile(spec: string, configFile: string): string {
  if (spec.startsWith('npm:')) {
    const rest = spec.slice(4);
    // '@scope/name/sub/path' or 'name/sub/path'
    const parts = rest.split('/');
    const pkg = rest.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
    const sub = parts.slice(rest.startsWith('@') ? 2 : 1).join('/');
    let pkgDir: string;
    try {
      pkgDir = dirname(require.resolve(`${pkg}/package.json`));
    } catch {
      throw new LecternError(configFile, `font package ${pkg} is not installed`, { hint: 'run npm ci' });
    }
    return join(pkgDir, sub);
  }
  return isAbsolute(spec) ? spec : join(dirname(configFile), spec);
}

/** Reads `fonts/fonts.json` (the project's, else lectern's default). */
export function loadFontConfig(projectRoot = process.cwd()): FontConfig {
  const file = resolveAsset('fonts/fonts.json', projectRoot);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new LecternError(file, `cannot read the font configuration: ${(e as Error).message}`, {
      hint: 'fix the JSON or delete the file to use the defaults',
    });
  }
  const obj = raw as { roles?: Record<string, unknown>; fallback?: unknown };
  const roles = {} as Record<FontRole, string>;
  for (const role of FONT_ROLES) {
    const spec = obj.roles?.[role];
    if (typeof spec !== 'string' || spec === '') {
      throw new LecternError(file, `no font given for the role "${role}"`, { hint: `add "roles": {"${role}": "…"}` });
    }
    roles[role] = resolveFontPath(spec, file);
  }
  const fallback = Array.isArray(obj.fallback)
    ? obj.fallback.filter((s): s is string => typeof s === 'string').map((s) => resolveFontPath(s, file))
    : [];
  return { file, roles, fallback };
}

const cache = registerCache('fonts: parsed fonts by path', new Map<string, LoadedFont>());
/** A font file in memory and its generation (one more each time a file is read, in any thread). */
interface HeldFile {
  file: FontFileBytes;
  generation: number;
}
/** Font files in memory, read here or by another thread (see `sharedFontBytes`), not parsed yet. */
const files = registerCache('fonts: font file bytes by path', new Map<string, HeldFile>());
let lastGeneration = 0;

function fontFile(spec: string): HeldFile {
  const path = splitFontSpec(spec).file;
  let f = files.get(path);
  if (!f) {
    f = { file: readFontFile(path), generation: ++lastGeneration };
    files.set(path, f);
  }
  return f;
}

/** Font file memory handed to a worker thread: the same shared bytes, and whether outlines are read on demand. */
export type SharedFontFiles = Map<string, { memory: SharedArrayBuffer; lazy: boolean; generation: number }>;

/**
 * The shared memory of the given font files (read now if this thread has not read them yet, parsed
 * later on first use), to hand to a worker, so that both threads hold one copy of each file.
 */
export function sharedFontBytes(paths: string[]): SharedFontFiles {
  const m: SharedFontFiles = new Map();
  for (const path of paths) {
    let f: HeldFile;
    try {
      f = fontFile(path);
    } catch {
      continue; // reported where the font is used
    }
    const memory = f.file.bytes.buffer;
    if (memory instanceof SharedArrayBuffer)
      m.set(splitFontSpec(path).file, { memory, lazy: f.file.lazy, generation: f.generation });
  }
  return m;
}

/**
 * Makes font files another thread read available here (no read, no copy). A file the other thread
 * has read again since (a new generation) replaces this thread's copy and its parsed font.
 */
export function adoptSharedFontBytes(shared: SharedFontFiles): void {
  for (const [path, { memory, lazy, generation }] of shared) {
    if (files.get(path)?.generation === generation) continue;
    files.set(path, { file: adoptFontFile(path, Buffer.from(memory), lazy), generation });
    for (const key of [...cache.keys()]) if (splitFontSpec(key).file === path) cache.delete(key); // faces too
    lastGeneration = Math.max(lastGeneration, generation);
  }
}

/** fontkit's font of a font file's bytes; a file it cannot read is a one-line error naming it. */
function parseWithFontkit(bytes: Buffer, filePath: string): ReturnType<typeof fontkit.create> {
  try {
    return fontkit.create(bytes);
  } catch (e) {
    throw new LecternError(filePath, `cannot be read as a font (${String((e as Error).message).split('\n')[0]})`, {
      hint: 'use a .ttf/.otf/.ttc file, or point the role at another font in fonts/fonts.json',
    });
  }
}

/**
 * Reads a font file once per process. A single TrueType font (the default fonts) is checked and
 * measured from its table directory, and parsed by fontkit only when something asks for `font`: the
 * typesetter shapes from `tables` (fontkit only for a run its readers cannot shape), the PDF writer
 * embeds `embeddable` (lectern's stand-in for fontkit's font, src/vendor/pdfkit-font.ts) and the slide
 * worker measures and subsets through `tables`; both bundles set fontkit up only on demand (bundle
 * patch fontkit-on-demand, src/vendor/bundle.mjs): fontkit's module set-up was ~10 ms of the worker's
 * start, and its parse of the four handout fonts part of the main thread's build. Other fonts (CFF
 * outlines, collections, WOFF) are parsed at once, as before.
 */
export function loadFont(path: string, configFile = path): LoadedFont {
  const hit = cache.get(path);
  if (hit) return hit;
  let held: HeldFile;
  try {
    held = fontFile(path);
  } catch (e) {
    if (e instanceof Error && e.message.includes('ENOENT'))
      throw new LecternError(configFile, `font file not found: ${path}`, {
        hint: 'put the file in fonts/ or point the role at another file in fonts/fonts.json',
      });
    throw e;
  }
  const file = held.file;
  const { file: filePath, face: wanted } = splitFontSpec(path);
  // fontkit reads a file starting as a TrueType font as one font, whatever face a #suffix names
  const directory = readTableDirectory(file.bytes);
  const common = {
    path,
    key: `${path}#${held.generation}`,
    bytes: file.bytes,
    ensureGlyphs: (ids: Iterable<number>) => file.ensureGlyphs(ids),
  };
  let loaded: LoadedFont;
  if (directory) {
    const directoryTables = Object.fromEntries(directory);
    validateFont(directoryTables, path, file.bytes.length);
    let font: Font | undefined;
    const parsed = (): Font => {
      if (!font) {
        font = parseWithFontkit(file.bytes, filePath) as Font;
        seedLoca(font, file.bytes);
        FontTables.adopt(font, tables);
      }
      return font;
    };
    const tables = FontTables.fromFile(file.bytes, directoryTables, parsed);
    file.ensureGlyphs([0]); // .notdef: pdfkit measures it when it registers the font
    let embeddable: object | undefined;
    let familyName: string | undefined;
    loaded = {
      ...common,
      get font() {
        return parsed();
      },
      tables,
      get embeddable() {
        embeddable ??= plainTrueTypeFont(file.bytes, directoryTables, parsed) ?? parsed();
        return embeddable;
      },
      get familyName() {
        familyName ??= plainFamilyName(file.bytes, directoryTables) ?? parsed().familyName;
        return familyName;
      },
      sfnt: () => file.bytes,
    };
  } else {
    const parsed = parseWithFontkit(file.bytes, filePath);
    let font: Font;
    let face: LoadedFont['face'];
    if ('fonts' in parsed) {
      const faces = (parsed as unknown as { fonts: Font[] }).fonts;
      const index = chooseFace(faces, wanted);
      if (index < 0) {
        throw new LecternError(configFile, `${filePath} has no face named "${wanted}"`, {
          hint: `name one of ${faces.map((f) => `"${f.familyName}"`).join(', ')} after the #`,
        });
      }
      font = faces[index]!;
      face = { index, name: font.familyName };
    } else {
      font = parsed as Font;
    }
    validateFont(rawFontData(font).tables, path, file.bytes.length);
    file.ensureGlyphs([0]); // .notdef: pdfkit measures it when it registers the font
    seedLoca(font, file.bytes);
    let standalone: Buffer | undefined;
    loaded = {
      ...common,
      face,
      font,
      tables: FontTables.of(font),
      embeddable: font,
      familyName: font.familyName,
      sfnt: () => {
        if (!face) return file.bytes;
        standalone ??= collectionFace(file.bytes, collectionFaceOffsets(file.bytes)![face.index]!);
        return standalone;
      },
    };
  }
  cache.set(path, loaded);
  return loaded;
}

/** The fonts of a configuration, parsed lazily role by role. */
export class FontSet {
  constructor(readonly config: FontConfig) {}

  get(role: FontRole): LoadedFont {
    return loadFont(this.config.roles[role], this.config.file);
  }

  fallbacks(): LoadedFont[] {
    return this.config.fallback.map((p) => loadFont(p, this.config.file));
  }
}
