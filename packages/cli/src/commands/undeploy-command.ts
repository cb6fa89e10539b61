import type { Command } from 'commander';
import { addDeploymentRecordCommand } from './deploy-command.js';

/** `modelreg undeploy`: record that a version was undeployed from a serving environment. */
export function addUndeployCommand(program: Command): void {
  addDeploymentRecordCommand(program, 'undeploy');
}
