// `lectern init [DIR]`: a project folder ready to build — content/ with a short example transcript,
// lectern.json with every setting at its default, a .gitignore for out/, and VS Code settings that
// make Marp for VS Code preview out/*/slides.md with the lectern theme.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { LecternError } from './errors';
import { packageRoot } from './paths';
import { defaultProjectConfig } from './settings';

export interface InitResult {
  written: string[];
  /** Files that existed and were left alone */
  kept: string[];
}

/** The theme for Marp for VS Code: relative to the project when lectern is installed inside it. */
function themePath(dir: string): string {
  const theme = join(packageRoot, 'templates', 'themes', 'lectern.css');
  const rel = relative(dir, theme);
  return rel.startsWith('..') ? theme : rel.split(sep).join('/');
}

export function initProject(dir: string, opts: { force?: boolean } = {}): InitResult {
  const files: Record<string, string> = {
    'content/example-forum.txt': readFileSync(join(packageRoot, 'init', 'example-forum.txt'), 'utf8'),
    'lectern.json': `${JSON.stringify(defaultProjectConfig(), null, 2)}\n`,
    '.gitignore': 'out/\nnode_modules/\n',
    '.vscode/settings.json': `${JSON.stringify({ 'markdown.marp.themes': [themePath(dir)] }, null, 2)}\n`,
  };
  const result: InitResult = { written: [], kept: [] };
  for (const [name, text] of Object.entries(files)) {
    const file = join(dir, name);
    if (existsSync(file) && !opts.force) {
      result.kept.push(file);
      continue;
    }
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    } catch (e) {
      throw new LecternError(file, `cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
        hint: 'choose a folder you can write to',
      });
    }
    result.written.push(file);
  }
  return result;
}
