import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type RegistryHarness } from '../support/registry-harness.js';
import { ModelRegistry } from './support/python-client-model.js';
import { RecordingTransport } from './support/recording-transport.js';

describe('the Kubeflow Python client with a bearer token, against token authentication', () => {
  let h: RegistryHarness;
  beforeAll(async () => {
    h = await startHarness('sqlite', { config: { auth: 'token' } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('registers and reads back with an editor token, and is refused without one', async () => {
    const token = await h.createToken({ name: 'notebook', role: 'editor' });
    const client = await ModelRegistry.connect(new RecordingTransport(() => h, token), { author: 'alice' });
    await client.registerModel('mnist', 's3://models/mnist/v1', {
      version: 'v1',
      modelFormatName: 'onnx',
      modelFormatVersion: '1',
    });
    const version = await client.getModelVersion('mnist', 'v1');
    expect(version?.name).toBe('v1');
    await expect(ModelRegistry.connect(new RecordingTransport(() => h), { author: 'alice' })).rejects.toThrow(
      /401/,
    );
  });
});
