import { checkCompiledStatements } from '../../packages/server/src/adapters/sql/shared/compiled-statement.js';

// Every suite, on every engine it runs, proves each statement the store runs compiled once
// against a fresh build of it (packages/server/src/adapters/sql/shared/compiled-statement.ts):
// a key that leaves out something its SQL depends on fails the test that reuses it.
checkCompiledStatements();
