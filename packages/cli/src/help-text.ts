/** The "Examples:" block shown after a command's help. */
export function examples(...lines: string[]): string {
  // A line that starts with spaces continues the one before it.
  const shown = lines.map((line) => (line.startsWith(' ') ? `  ${line}` : `  $ ${line}`));
  return `\nExamples:\n${shown.join('\n')}\n`;
}
