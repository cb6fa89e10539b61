import { formatUiReport, readUiSettings, runUiBench, uiJson } from './ui-bench.js';

// `npm run bench:ui`: the web UI bench alone (the same code `npm run bench` runs last).

function progress(message: string): void {
  process.stderr.write(`· ${message}\n`);
}

try {
  const started = performance.now();
  const report = await runUiBench({ ...readUiSettings(process.env), enabled: true }, progress);
  process.stdout.write(
    `${['', ...formatUiReport(report), '', `UI bench ran ${((performance.now() - started) / 1000).toFixed(1)} s`].join('\n')}\n`,
  );
  process.stdout.write(`${JSON.stringify({ bench: 'modelreg-ui', ui: uiJson(report) })}\n`);
} catch (error) {
  process.stderr.write(
    `\nBENCH FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
