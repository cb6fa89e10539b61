import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const FIXTURE = join(ROOT, 'test/sdk/fixtures/typed-calls.ts');
const DIRECTIVE = '// @ts-expect-error';

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  return { ...parsed.options, noEmit: true };
}

/** The fixture's diagnostics: as written, or with each `@ts-expect-error` line blanked. */
function diagnostics(stripDirectives: boolean): readonly ts.Diagnostic[] {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => {
    const text = readFile(file);
    if (!stripDirectives || file !== FIXTURE || text === undefined) return text;
    return text
      .split('\n')
      .map((line) => (line.trim().startsWith(DIRECTIVE) ? '' : line))
      .join('\n');
  };
  const program = ts.createProgram([FIXTURE], options, host);
  // Only the fixture's own: the rest is checked by the build (and type-checking it all is slow).
  const file = program.getSourceFile(FIXTURE);
  return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
}

// Building a program of the SDK takes a while on a busy machine.
const COMPILE_MS = 180_000;

const lineOf = (diagnostic: ts.Diagnostic) =>
  diagnostic.file?.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line ?? -1;

describe('the typed client under the SDK', () => {
  it(
    'compiles the fixture: every deliberate mismatch is an error the compiler expected',
    () => {
      const found = diagnostics(false).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(found).toEqual([]);
    },
    COMPILE_MS,
  );

  it(
    'refuses each mismatch of the fixture: without its @ts-expect-error, each line fails',
    () => {
      const lines = readFileSync(FIXTURE, 'utf8').split('\n');
      const expected = lines.flatMap((line, index) => (line.trim().startsWith(DIRECTIVE) ? [index + 1] : []));
      expect(expected.length).toBeGreaterThanOrEqual(9);
      const failing = new Set(diagnostics(true).map(lineOf));
      expect(expected.filter((line) => !failing.has(line))).toEqual([]);
    },
    COMPILE_MS,
  );
});
