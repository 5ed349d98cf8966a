// A named subset of the Matterhorn Protocol 1.1 (the PDF/UA-1 checkpoints) checked on the PDF alone,
// read with `qpdf --json` (objects and decoded content streams). Used by test/pdf-ua.test.ts because no
// veraPDF can be installed here (no Debian or npm package; Maven Central is not reachable).
import { qpdfObjects } from './pdf-glyphs';

type Obj = Record<string, unknown>;

export interface Check {
  /** Matterhorn checkpoint(s), e.g. 01-005 */
  id: string;
  what: string;
  failures: string[];
  /** How many things were looked at (so that a test can tell a pass from an empty look) */
  examined: number;
}

/** Standard structure types of PDF 1.7 (ISO 32000-1 §14.8.4), which PDF/UA-1 accepts without a role map. */
const STANDARD = new Set(
  (
    'Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private H H1 H2 H3 H4 H5 H6 P L LI Lbl ' +
    'LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP ' +
    'Figure Formula Form'
  ).split(' '),
);

/** Operators that paint: text showing and path painting (ISO 32000-1 Tables 59, 107). */
const PAINT = new Set(['Tj', 'TJ', "'", '"', 'S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'Do', 'sh', 'BI']);

/** Content-stream tokens: operators and operands, strings and dictionaries kept whole (enough for our writer). */
function tokens(content: string): string[] {
  const out: string[] = [];
  const re = /<<|>>|<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)|\[|\]|\/[^\s/[\]()<>{}%]*|[^\s/[\]()<>{}%]+/g;
  for (let m = re.exec(content); m; m = re.exec(content)) out.push(m[0]);
  return out;
}

export function matterhorn(pdf: string): Check[] {
  const { objects, get: follow, data } = qpdfObjects(pdf);
  const get = (ref: unknown): Obj | undefined => (ref === undefined ? undefined : follow(ref));
  const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
  const checks: Check[] = [];
  const check = (id: string, what: string, failures: string[], examined = 1) =>
    checks.push({ id, what, failures, examined });

  const catalog = get((objects.trailer!.value as Obj)['/Root'])!;
  const pages: { ref: string; dict: Obj }[] = [];
  const walkPages = (ref: unknown) => {
    const node = get(ref)!;
    if (node['/Type'] === '/Pages') for (const k of arr(node['/Kids'])) walkPages(k);
    else pages.push({ ref: ref as string, dict: node });
  };
  walkPages(catalog['/Pages']);

  // 06-001..003: metadata — the catalog's XMP stream holds pdfuaid:part 1 and a dc:title
  const xmp = data(catalog['/Metadata']);
  check(
    '06-002',
    'XMP metadata declares PDF/UA part 1',
    /pdfuaid:part(?:>|=")1/.test(xmp) ? [] : ['no pdfuaid:part 1'],
  );
  check(
    '06-003',
    'XMP metadata holds dc:title',
    /<dc:title>[\s\S]*?\S[\s\S]*?<\/dc:title>/.test(xmp) ? [] : ['no dc:title'],
  );
  // 07-001: ViewerPreferences DisplayDocTitle true
  check(
    '07-001',
    'DisplayDocTitle is true',
    get(catalog['/ViewerPreferences'])?.['/DisplayDocTitle'] === true ? [] : ['DisplayDocTitle not true'],
  );
  // 01-001: MarkInfo Marked true (tagged PDF)
  check('01-001', 'MarkInfo /Marked true', get(catalog['/MarkInfo'])?.['/Marked'] === true ? [] : ['not Marked']);
  // 11-001..006: natural language — the catalog's Lang
  const lang = String(catalog['/Lang'] ?? '');
  check('11-006', 'document language set (Lang)', /^u:[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(lang) ? [] : [`Lang ${lang}`]);

  // The structure tree: every element, its type, its marked-content ids per page.
  const treeRoot = get(catalog['/StructTreeRoot']) ?? {};
  check('01-001', 'a structure tree exists', catalog['/StructTreeRoot'] ? [] : ['no StructTreeRoot']);
  const roleMap = (get(treeRoot['/RoleMap']) ?? {}) as Obj;
  const elements: { ref: string; S: string; el: Obj; parentPage: unknown }[] = [];
  const owner = new Map<string, string>(); // `${pageRef}:${mcid}` → element ref (from the /K arrays)
  const walk = (ref: unknown, page: unknown) => {
    const el = get(ref);
    if (!el || !('/S' in el)) return;
    const pg = el['/Pg'] ?? page;
    elements.push({ ref: ref as string, S: String(el['/S']).slice(1), el, parentPage: pg });
    for (const k of arr(el['/K'])) {
      if (typeof k === 'number') owner.set(`${pg}:${k}`, ref as string);
      else if (typeof k === 'object' && k !== null && '/MCID' in (k as Obj))
        owner.set(`${(k as Obj)['/Pg'] ?? pg}:${(k as Obj)['/MCID']}`, ref as string);
      else walk(k, pg);
    }
  };
  for (const k of arr(treeRoot['/K'])) walk(k, undefined);

  // 02-001/02-003/02-004: structure types standard or role-mapped to a standard type
  check(
    '02-001',
    'structure types standard or role-mapped',
    elements
      .filter((e) => !STANDARD.has(e.S) && !STANDARD.has(String(roleMap[`/${e.S}`] ?? '').slice(1)))
      .map((e) => e.S),
    elements.length,
  );
  // 14-001..003: headings — the first is H1 (or H), numbered levels never skip one going down
  const headingFailures: string[] = [];
  let previous = 0;
  let headings = 0;
  for (const e of elements) {
    const m = /^H([1-6])$/.exec(e.S);
    if (!m) continue;
    headings++;
    const level = Number(m[1]);
    if (level > previous + 1) headingFailures.push(`H${previous || '-'} → H${level}`);
    previous = level;
  }
  check('14-003', 'heading levels never skipped (first heading H1)', headingFailures, headings);
  // 13-004: every Figure has alternative text
  check(
    '13-004',
    'figures have Alt text',
    elements.filter((e) => e.S === 'Figure' && !e.el['/Alt']).map((e) => e.ref),
    elements.filter((e) => e.S === 'Figure').length,
  );

  // Content: everything painted is inside marked content, tagged (MCID) or an Artifact; every MCID has
  // its parent element in the ParentTree and that element lists it (01-005, 01-006/07, 01-002).
  const parentTree = get(treeRoot['/ParentTree']) ?? {};
  const nums = new Map<number, unknown[]>();
  const collectNums = (node: Obj | undefined) => {
    if (!node) return;
    const list = arr(node['/Nums']);
    for (let i = 0; i + 1 < list.length; i += 2) nums.set(list[i] as number, arr(get(list[i + 1]) ?? list[i + 1]));
    for (const kid of arr(node['/Kids'])) collectNums(get(kid));
  };
  collectNums(parentTree as Obj);
  const untagged: string[] = [];
  let painted = 0;
  let marked = 0;
  const parentFailures: string[] = [];
  const annotFailures: string[] = [];
  pages.forEach(({ ref, dict }, index) => {
    if (arr(dict['/Annots']).length > 0 && dict['/Tabs'] !== '/S') annotFailures.push(`page ${index + 1}`);
    const content = arr(dict['/Contents']).map(data).join('\n');
    const stack: ('tagged' | 'artifact' | 'other')[] = [];
    let operands: string[] = [];
    let inText = false;
    const mcids: number[] = [];
    for (const t of tokens(content)) {
      if (/^[A-Za-z'"*]+$/.test(t) && !t.startsWith('/') && t !== 'true' && t !== 'false' && t !== 'null') {
        if (t === 'BDC' || t === 'BMC') {
          const tag = operands.find((o) => o.startsWith('/')) ?? '';
          const mcid = operands.indexOf('/MCID');
          if (tag === '/Artifact') stack.push('artifact');
          else if (mcid >= 0) {
            stack.push('tagged');
            mcids.push(Number(operands[mcid + 1]));
          } else stack.push('other');
        } else if (t === 'EMC') stack.pop();
        else if (t === 'BT') inText = true;
        else if (t === 'ET') inText = false;
        else if (PAINT.has(t)) {
          painted++;
          if (!stack.some((s) => s === 'tagged' || s === 'artifact'))
            untagged.push(`page ${index + 1}: ${t}${inText ? ' (text)' : ''}`);
        }
        operands = [];
      } else operands.push(t);
    }
    marked += mcids.length;
    if (mcids.length === 0) return;
    const key = dict['/StructParents'];
    const parents = typeof key === 'number' ? nums.get(key) : undefined;
    if (!parents) {
      parentFailures.push(`page ${index + 1}: no ParentTree entry`);
      return;
    }
    for (const id of mcids) {
      const parent = parents[id];
      if (typeof parent !== 'string') parentFailures.push(`page ${index + 1} MCID ${id}: no parent`);
      else if (owner.get(`${ref}:${id}`) !== parent)
        parentFailures.push(
          `page ${index + 1} MCID ${id}: ParentTree says ${parent}, tree says ${owner.get(`${ref}:${id}`)}`,
        );
    }
  });
  check('01-005', 'all content tagged or an artifact', untagged.slice(0, 10), painted);
  check('01-002', 'ParentTree consistent with the MCIDs of every page', parentFailures.slice(0, 10), marked);
  check('19-003', 'pages with annotations have /Tabs /S', annotFailures, pages.length);

  // 31-009/31-027…: every font embedded, with ToUnicode (or a standard encoding)
  const fontFailures: string[] = [];
  let fonts = 0;
  for (const [key, o] of Object.entries(objects)) {
    const d = (o.value ?? o.stream?.dict) as Obj | undefined;
    if (!d || typeof d !== 'object' || d['/Type'] !== '/Font' || d['/Subtype'] === '/CIDFontType2') continue;
    if (d['/Subtype'] === '/CIDFontType0') continue;
    fonts++;
    const descendant = d['/Subtype'] === '/Type0' ? get(arr(d['/DescendantFonts'])[0]) : d;
    const fd = get(descendant?.['/FontDescriptor']);
    if (!fd || !(fd['/FontFile'] || fd['/FontFile2'] || fd['/FontFile3'])) fontFailures.push(`${key}: not embedded`);
    if (!d['/ToUnicode']) fontFailures.push(`${key}: no ToUnicode`);
  }
  check('31-009', 'fonts embedded, with ToUnicode', fontFailures, fonts);
  return checks;
}
