import type { Command } from 'commander';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

interface Node {
  /** The subcommand names leading here, e.g. ['versions', 'list']. */
  readonly path: readonly string[];
  readonly command: Command;
}

/** A completion script for `shell`, generated from the command tree so it never falls behind. */
export function completionScript(program: Command, shell: Shell): string {
  const nodes = walk(program, []);
  switch (shell) {
    case 'bash':
      return bashScript(program.name(), nodes);
    case 'zsh':
      // zsh runs the bash function through its bash-compatibility layer.
      return `#compdef ${program.name()}\nautoload -U +X bashcompinit && bashcompinit\n${bashScript(program.name(), nodes)}`;
    case 'fish':
      return fishScript(program.name(), nodes);
  }
}

function walk(command: Command, path: readonly string[]): Node[] {
  return [{ path, command }, ...command.commands.flatMap((sub) => walk(sub, [...path, sub.name()]))];
}

/** What may follow the command: subcommands, argument choices, then option flags. */
function words(command: Command): string[] {
  const subcommands = command.commands.map((sub) => sub.name());
  const choices = command.registeredArguments.flatMap((argument) => argument.argChoices ?? []);
  const flags = command.options
    .filter((option) => !option.hidden)
    .flatMap((option) => [option.long, option.short].filter((flag): flag is string => flag !== undefined));
  return [...subcommands, ...choices, ...flags, '--help'];
}

function bashScript(name: string, nodes: readonly Node[]): string {
  const fn = `_${name.replace(/\W/g, '_')}`;
  const cases = nodes
    .map((node) => `    "${node.path.join(' ')}") echo "${words(node.command).join(' ')}" ;;`)
    .join('\n');
  return `# ${name} completion for bash. Load it with:  source <(${name} completion bash)
${fn}_words() {
  case "$1" in
${cases}
  esac
}
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" word i
  # The path is the subcommands typed so far; flags and their values are skipped.
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    case "$word" in -*) continue ;; esac
    case " $(${fn}_words "$path") " in
      *" $word "*) path="\${path:+$path }$word" ;;
    esac
  done
  COMPREPLY=($(compgen -W "$(${fn}_words "$path")" -- "$cur"))
}
complete -o default -F ${fn} ${name}
`;
}

function fishScript(name: string, nodes: readonly Node[]): string {
  const lines = [`# ${name} completion for fish. Load it with:  ${name} completion fish | source`];
  lines.push(`complete -c ${name} -f`);
  for (const { path, command } of nodes) {
    const condition = fishCondition(path, command);
    for (const sub of command.commands) {
      lines.push(
        `complete -c ${name} -n '${condition}' -a ${sub.name()} -d ${quote(sub.summary() || sub.description())}`,
      );
    }
    for (const argument of command.registeredArguments) {
      for (const choice of argument.argChoices ?? [])
        lines.push(`complete -c ${name} -n '${condition}' -a ${choice}`);
    }
    for (const option of command.options.filter((option) => !option.hidden)) {
      const long = option.long === undefined ? '' : ` -l ${option.long.replace(/^--/, '')}`;
      const short = option.short === undefined ? '' : ` -s ${option.short.replace(/^-/, '')}`;
      const value = option.required || option.optional ? ' -r' : '';
      lines.push(
        `complete -c ${name} -n '${condition}'${long}${short}${value} -d ${quote(option.description)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** True where exactly `path` has been typed: each word seen, and no deeper subcommand yet. */
function fishCondition(path: readonly string[], command: Command): string {
  if (path.length === 0) return '__fish_use_subcommand';
  const seen = path.map((word) => `__fish_seen_subcommand_from ${word}`);
  const deeper = command.commands.map((sub) => sub.name());
  if (deeper.length > 0) seen.push(`not __fish_seen_subcommand_from ${deeper.join(' ')}`);
  return seen.join('; and ');
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
