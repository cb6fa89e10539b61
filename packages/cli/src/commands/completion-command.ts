import { Argument, type Command } from 'commander';
import { completionScript, SHELLS, type Shell } from '../completion-script.js';
import { examples } from '../help-text.js';

export function addCompletionCommand(program: Command): void {
  program
    .command('completion')
    .summary('print a shell completion script')
    .description('print a completion script for bash, zsh or fish, generated from the command tree')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .addHelpText(
      'after',
      examples(
        'source <(modelreg completion bash)        # in ~/.bashrc',
        'source <(modelreg completion zsh)         # in ~/.zshrc',
        'modelreg completion fish | source         # in ~/.config/fish/config.fish',
      ),
    )
    .action((shell: Shell) => {
      process.stdout.write(completionScript(program, shell));
    });
}
