import type { Command } from 'commander';
import { unwrap } from '../api-result.js';
import { connect, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { toJson } from '../output.js';

export function addOpenApiCommand(program: Command): void {
  program
    .command('openapi')
    .summary('print the served OpenAPI document')
    .description('print the OpenAPI document the server answers by: YAML, or JSON with --json')
    .addHelpText(
      'after',
      examples('modelreg openapi > modelreg.openapi.yaml', 'modelreg openapi --json | jq ".paths | keys"'),
    )
    .action(async (flags: GlobalOptions) => {
      const document = await unwrap(
        connect(flags).api.GET('/api/model_registry/v1alpha3/openapi.yaml', { parseAs: 'text' }),
      );
      if (flags.json !== true) return void process.stdout.write(document);
      const { parse } = await import('yaml');
      process.stdout.write(toJson(parse(document)));
    });
}
