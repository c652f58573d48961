/**
 * The documentation holds together: every relative link and image in README.md, docs/*.md and
 * demo/README.md points to a file of this repository that exists (and, with `#anchor`, to a
 * heading in it), every screenshot a page shows is one scripts/screenshots.ts makes, and no page
 * cites a file outside the repository (a reader of a clone has nothing else).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import GithubSlugger from 'github-slugger';
import { Lexer, type Token, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const PAGES = [
  'README.md',
  'demo/README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** Top-level folders of this repository: a code span starting with one names a file here. */
const REPO_DIRS = [
  'bench',
  'bin',
  'cli',
  'components',
  'demo',
  'docs',
  'entrypoints',
  'lib',
  'public',
  'scripts',
  'tests',
];

/** Folders git ignores (made by the tools, e.g. `demo/certs/`): their files need not exist yet. */
const GENERATED_DIRS = readFileSync(join(ROOT, '.gitignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim().replace(/^\//, ''))
  .filter((line) => line.endsWith('/') && !line.startsWith('#'));

function tokensOf(page: string): Token[] {
  const tokens = new Lexer().lex(readFileSync(join(ROOT, page), 'utf8'));
  const all: Token[] = [];
  const walk = (list: readonly Token[]): void => {
    for (const token of list) {
      all.push(token);
      const nested = token as { tokens?: Token[]; items?: Token[] };
      if (nested.tokens) walk(nested.tokens);
      if (nested.items) walk(nested.items);
      if (token.type === 'table') {
        const table = token as Tokens.Table;
        for (const cell of [...table.header, ...table.rows.flat()]) walk(cell.tokens);
      }
    }
  };
  walk(tokens);
  return all;
}

/** Every link and image target of a page, with reference definitions resolved by marked. */
function targets(page: string): string[] {
  return tokensOf(page)
    .filter((token): token is Tokens.Link | Tokens.Image => ['link', 'image'].includes(token.type))
    .map((token) => token.href);
}

const isExternal = (href: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(href);

const anchorsCache = new Map<string, Set<string>>();
/** The `#anchors` GitHub gives the headings of a Markdown file. */
function anchorsOf(file: string): Set<string> {
  let anchors = anchorsCache.get(file);
  if (anchors === undefined) {
    const slugger = new GithubSlugger();
    anchors = new Set(
      tokensOf(relative(ROOT, file))
        .filter((token): token is Tokens.Heading => token.type === 'heading')
        .map((heading) => slugger.slug(heading.text.replace(/`/g, ''))),
    );
    anchorsCache.set(file, anchors);
  }
  return anchors;
}

/** Why `href` (a relative link on `page`) does not resolve, or null. */
function problem(page: string, href: string): string | null {
  const [path = '', anchor] = decodeURI(href).split('#') as [string?, string?];
  const file = path === '' ? join(ROOT, page) : resolve(dirname(join(ROOT, page)), path);
  if (relative(ROOT, file).startsWith('..')) return 'points outside the repository';
  if (!existsSync(file)) return 'no such file';
  if (anchor !== undefined && anchor !== '') {
    if (!file.endsWith('.md') || statSync(file).isDirectory()) return null;
    if (!anchorsOf(file).has(anchor)) return `no heading #${anchor} in ${relative(ROOT, file)}`;
  }
  return null;
}

/** Whether `path` (under `base`) exists, `*` standing for any characters of its last segment. */
function globExists(base: string, path: string): boolean {
  if (!path.includes('*')) return existsSync(join(base, path));
  const dir = dirname(path);
  if (!existsSync(join(base, dir))) return false;
  const name = new RegExp(
    `^${path
      .slice(dir.length + 1)
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')}$`,
  );
  return readdirSync(join(base, dir)).some((entry) => name.test(entry));
}

describe('documentation', () => {
  it('finds the pages and their links', () => {
    expect(PAGES).toContain('docs/console.md');
    expect(targets('README.md').length).toBeGreaterThan(10);
  });

  it.each(PAGES)('%s: every relative link and image resolves', (page) => {
    const broken = targets(page)
      .filter((href) => !isExternal(href))
      .map((href) => [href, problem(page, href)] as const)
      .filter(([, why]) => why !== null)
      .map(([href, why]) => `${href}: ${why ?? ''}`);
    expect(broken).toEqual([]);
  });

  it.each(PAGES)('%s: cites no file outside the repository', (page) => {
    const text = readFileSync(join(ROOT, page), 'utf8');
    const outside = [
      ...text.matchAll(/(?:\.\.\/)+shared\/\S*|\bshared\/(?:docs|spec)\/\S*|\/work\/\S*/g),
    ].map((match) => match[0]);
    expect(outside).toEqual([]);
  });

  it.each(PAGES)('%s: every repository path in code spans exists', (page) => {
    const paths = tokensOf(page)
      .filter((token): token is Tokens.Codespan => token.type === 'codespan')
      .map((token) => token.text.replace(/&amp;/g, '&'))
      .filter((text) => /^[\w.*/-]+$/.test(text) && REPO_DIRS.includes(text.split('/')[0] ?? ''))
      .filter((text) => text.includes('/') && !text.includes('{'));
    // From the repository root, or from the page's own folder (demo/README.md names `public/…`).
    const bases = [ROOT, dirname(join(ROOT, page))];
    const missing = paths.filter(
      (path) =>
        !GENERATED_DIRS.some((dir) => `${path}/`.startsWith(dir)) &&
        !bases.some((base) => globExists(base, path.replace(/\/$/, ''))),
    );
    expect(missing).toEqual([]);
  });

  it('shows only screenshots that scripts/screenshots.ts makes', () => {
    const script = readFileSync(join(ROOT, 'scripts/screenshots.ts'), 'utf8');
    const shown = PAGES.flatMap((page) =>
      targets(page)
        .filter((href) => /screenshots\/[^/]+\.png$/.test(href))
        .map((href) => href.slice(href.lastIndexOf('/') + 1)),
    );
    expect(shown.length).toBeGreaterThan(5);
    const notMade = shown.filter((file) => {
      const match = /^(.+)-(light|dark)\.png$/.exec(file);
      // The script names each shot once and adds -light / -dark itself.
      return match === null || !script.includes(`'${match[1]}'`);
    });
    expect(notMade).toEqual([]);
  });
});
