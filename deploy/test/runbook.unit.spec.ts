import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO } from './render.js';

/**
 * Every `pnpm`, `bash` and `node` command docs/operations.md gives exists: the root script (or
 * pnpm's own command, or a package binary), the file run, and each `--option` written after it
 * in the script's source. Commands are read from code spans and code blocks.
 */

const runbook = readFileSync(`${REPO}docs/operations.md`, 'utf8');
const rootScripts = (JSON.parse(readFileSync(`${REPO}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;
const PNPM_OWN = new Set(['install', 'add', 'exec', 'run', 'vitest']);

interface Command {
  readonly text: string;
  readonly tool: 'pnpm' | 'bash' | 'node';
  readonly words: readonly string[];
}

/** Code blocks' lines and inline code spans, comments removed. */
function codeSpans(markdown: string): string[] {
  const spans: string[] = [];
  const withoutBlocks = markdown.replace(/```[a-z]*\n([\s\S]*?)```/g, (_whole, block: string) => {
    spans.push(...block.split('\n').map((line) => line.replace(/\s#\s.*$/, '')));
    return '';
  });
  for (const match of withoutBlocks.matchAll(/`([^`\n]+)`/g)) spans.push(match[1]!);
  return spans;
}

/** The commands in a span: split where a shell would start another (&&, ;, |, quotes, $( ). */
function commandsIn(span: string): Command[] {
  const commands: Command[] = [];
  for (const segment of span.split(/&&|\|\||;|\||'|"|\$\(|\)/)) {
    const words = segment.trim().split(/\s+/);
    const start = words.findIndex((w) => w === 'pnpm' || w === 'bash' || w === 'node');
    if (start < 0) continue;
    const end = words.findIndex((w, i) => i > start && /^[<>]/.test(w));
    commands.push({
      text: segment.trim(),
      tool: words[start] as Command['tool'],
      words: words.slice(start + 1, end < 0 ? undefined : end),
    });
  }
  return commands;
}

// A tool's bare name (as in "every `pnpm` command") is not a command.
const commands = codeSpans(runbook)
  .flatMap(commandsIn)
  .filter((c) => c.words.length > 0);

/** The file a node command or a root script runs, if it runs one with node. */
function nodeFile(words: readonly string[]): string | undefined {
  const rest = [...words];
  while (rest[0]?.startsWith('-')) rest.splice(0, rest[0] === '--import' ? 2 : 1);
  return rest[0];
}

function optionsOf(words: readonly string[]): string[] {
  return words.filter((w) => /^--[a-z]/.test(w)).map((w) => w.slice(2).split('=')[0]!);
}

function expectOptionsIn(file: string, options: readonly string[], command: string): void {
  const source = readFileSync(`${REPO}${file}`, 'utf8');
  for (const option of options) {
    expect(
      source.includes(`'${option}'`) || new RegExp(`\\b${option}:`).test(source),
      `${command}: ${file} has no option --${option}`,
    ).toBe(true);
  }
}

describe('docs/operations.md', () => {
  it('gives commands, among them the rebuild and the dead-letter replay', () => {
    expect(commands.length).toBeGreaterThanOrEqual(10);
    const scripts = commands.filter((c) => c.tool === 'pnpm').map((c) => c.words.find((w) => !w.startsWith('-')));
    expect(scripts).toEqual(expect.arrayContaining(['ops:rebuild', 'ops:replay-dlt']));
  });

  it.each(commands.map((c) => [c.text, c] as const))('%s exists', (_text, command) => {
    if (command.tool === 'bash') {
      expect(existsSync(`${REPO}${command.words[0]}`), command.words[0]).toBe(true);
      return;
    }
    if (command.tool === 'node') {
      const file = nodeFile(command.words)!;
      expect(existsSync(`${REPO}${file}`), file).toBe(true);
      expectOptionsIn(file, optionsOf(command.words.slice(command.words.indexOf(file) + 1)), command.text);
      return;
    }
    const words = command.words.filter((w) => w !== '-s' && w !== '--silent');
    const name = words[0]!;
    if (PNPM_OWN.has(name)) {
      if (name === 'exec') expect(existsSync(`${REPO}node_modules/.bin/${words[1]}`), words[1]).toBe(true);
      return;
    }
    const script = rootScripts[name];
    expect(script, `root package.json script ${name}`).toBeDefined();
    const runs = /^node (.*)$/.exec(script!)?.[1];
    if (runs) {
      const file = nodeFile(runs.split(/\s+/))!;
      expect(existsSync(`${REPO}${file}`), file).toBe(true);
      expectOptionsIn(file, optionsOf(words.slice(1)), command.text);
    } else {
      const bashFile = /^bash (\S+)/.exec(script!)?.[1];
      if (bashFile) expect(existsSync(`${REPO}${bashFile}`), bashFile).toBe(true);
    }
  });
});
