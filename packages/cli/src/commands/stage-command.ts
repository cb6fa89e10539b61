import { Option, type Command } from 'commander';
import { connect, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { Output } from '../output.js';
import { parseStage, STAGES, type Stage } from '../stages.js';

/** `modelreg stage`: move a version to another stage. */
export function addStageCommand(program: Command): void {
  program
    .command('stage')
    .description('move a version to another stage (Development, Staging, Production, Archived)')
    .argument('<model>', 'model name')
    .argument('<version>', 'version name, or @alias')
    .argument('<stage>', `one of ${STAGES.join(', ')} (any case)`, parseStage)
    .option('-m, --comment <text>', 'why (kept in the stage history)')
    .addOption(
      new Option('--others <what>', 'what happens to the versions already in that stage')
        .choices(['keep', 'archive', 'demote'])
        .default('keep'),
    )
    .addOption(
      new Option(
        '--from <stage>',
        'move only if the version is still in this stage (default: as read)',
      ).argParser(parseStage),
    )
    .addHelpText(
      'after',
      examples(
        'modelreg stage mnist v2 Staging -m "passed offline eval"',
        'modelreg stage mnist v2 Production --others archive --from Staging',
      ),
    )
    .action(
      async (
        model: string,
        version: string,
        stage: Stage,
        flags: GlobalOptions & {
          comment?: string;
          others: 'keep' | 'archive' | 'demote';
          from?: Stage;
        },
      ) => {
        const moved = await connect(flags).transitionStage(model, version, stage, {
          ...(flags.comment === undefined ? {} : { comment: flags.comment }),
          others: flags.others,
          ...(flags.from === undefined ? {} : { from: flags.from }),
        });
        new Output(flags.json === true).entity(
          moved,
          `version '${moved.name}' of '${model}' is now in ${stage}`,
        );
      },
    );
}
